using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;
using TicketBooking.Contracts;
using TicketBooking.Audit;
using TicketBooking.Storage;
using TicketBooking.Messaging;
using TicketBooking.Messaging.Consuming;
using TicketBooking.ServiceDefaults;

namespace TicketBooking.Ops;

/// <summary>
/// What a command reads: the two streams (checked to exist) and, when asked for, the snapshot store.
/// Every failure to reach them is a <see cref="ServiceUnavailableException"/> with a one-line reason.
/// </summary>
public sealed class OpsServices : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A read resumes after a NATS restart or a lost connection, but a command gives up rather than hang.</summary>
    private static readonly ConsumerResilience ReadResilience = new() { GiveUpAfter = TimeSpan.FromSeconds(60) };

    /// <summary>PostgreSQL's code for an undefined table: the engine schema was never migrated, so there are no snapshots.</summary>
    private const string UndefinedTable = "42P01";

    private readonly NatsConnection _nats;
    private readonly NpgsqlDataSource? _postgres;

    private OpsServices(NatsConnection nats, NpgsqlDataSource? postgres)
    {
        _nats = nats;
        _postgres = postgres;
        var js = new NatsJSContext(nats);
        Journal = new JournalReader(js, resilience: ReadResilience);
        Inputs = new InputHistoryReader(js);
    }

    public JournalReader Journal { get; }

    public InputHistoryReader Inputs { get; }

    /// <summary>Connects to NATS (and PostgreSQL when <paramref name="postgres"/> is given) and checks that TB_INPUT and TB_DECISIONS exist.</summary>
    public static async Task<OpsServices> ConnectAsync(string natsUrl, string? postgres, CancellationToken cancellationToken)
    {
        var nats = await ConnectNatsAsync(natsUrl, cancellationToken).ConfigureAwait(false);
        NpgsqlDataSource? dataSource = null;
        try
        {
            var js = new NatsJSContext(nats);
            await RequireStreamAsync(js, Subjects.InputStream, cancellationToken).ConfigureAwait(false);
            await RequireStreamAsync(js, Subjects.DecisionsStream, cancellationToken).ConfigureAwait(false);
            if (postgres is not null)
            {
                dataSource = await ConnectPostgresAsync(postgres, cancellationToken).ConfigureAwait(false);
            }

            return new OpsServices(nats, dataSource);
        }
        catch
        {
            await nats.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The partition's newest snapshot that passes its checks; null when there is none (or no snapshot table yet).</summary>
    public async Task<RestoredSnapshot?> LoadNewestSnapshotAsync(int partition, CancellationToken cancellationToken)
    {
        var dataSource = _postgres ?? throw new InvalidOperationException("Connected without PostgreSQL.");
        try
        {
            return await new SnapshotStore(dataSource).LoadNewestValidAsync(partition, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == UndefinedTable)
        {
            return null;
        }
        catch (NpgsqlException e)
        {
            throw new ServiceUnavailableException($"PostgreSQL failed while loading snapshots of partition {partition}: {e.Message}", e);
        }
    }

    /// <summary>The wallet's ledger as the money audit needs it, read in one snapshot; empty when the wallet never ran here.</summary>
    public async Task<(IReadOnlyList<LedgerMovement> Movements, LedgerTotals Totals)> ReadLedgerAsync(BuyerRange? buyers, CancellationToken cancellationToken)
    {
        var dataSource = _postgres ?? throw new InvalidOperationException("Connected without PostgreSQL.");
        try
        {
            return await new LedgerReader(dataSource).ReadAsync(buyers, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == UndefinedTable)
        {
            return ([], new LedgerTotals(0, 0, 0, 0, []));
        }
        catch (NpgsqlException e)
        {
            throw new ServiceUnavailableException($"PostgreSQL failed while reading the wallet ledger: {e.Message}", e);
        }
    }

    /// <summary>The wallet's loyalty entries as the loyalty audit needs them, read in one snapshot; empty when no wallet with loyalty ran here.</summary>
    public async Task<IReadOnlyList<LoyaltyMovement>> ReadLoyaltyAsync(BuyerRange? buyers, CancellationToken cancellationToken)
    {
        var dataSource = _postgres ?? throw new InvalidOperationException("Connected without PostgreSQL.");
        try
        {
            return await new LoyaltyReader(dataSource).ReadAsync(buyers, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == UndefinedTable)
        {
            return [];
        }
        catch (NpgsqlException e)
        {
            throw new ServiceUnavailableException($"PostgreSQL failed while reading the wallet's loyalty entries: {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _nats.DisposeAsync().ConfigureAwait(false);
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<NatsConnection> ConnectNatsAsync(string url, CancellationToken cancellationToken)
    {
        // The user and password from TB_NATS_USER and TB_NATS_PASSWORD (./tb ops sets the ops user), never a command-line argument that ps would show.
        var nats = new NatsConnection(ServiceConnections.FromEnvironment().NatsOptions("tb-ops") with { Url = url, ConnectTimeout = ConnectTimeout });
        try
        {
            await nats.ConnectAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            return nats;
        }
        catch (Exception e) when (e is NatsException or TimeoutException or ArgumentException or UriFormatException)
        {
            await nats.DisposeAsync().ConfigureAwait(false);
            throw new ServiceUnavailableException($"NATS is not reachable at {url}: {e.Message}", e);
        }
    }

    private static async Task RequireStreamAsync(NatsJSContext js, string stream, CancellationToken cancellationToken)
    {
        try
        {
            await js.GetStreamAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            throw new ServiceUnavailableException($"Stream {stream} does not exist on this NATS server: no engine or ingress has created it yet.", e);
        }
        catch (NatsException e)
        {
            throw new ServiceUnavailableException($"JetStream did not answer for stream {stream}: {e.Message}", e);
        }
    }

    /// <summary>A data source whose first connection opened; a <see cref="ServiceUnavailableException"/> when PostgreSQL is not there.</summary>
    internal static async Task<NpgsqlDataSource> ConnectPostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlDataSource dataSource;
        try
        {
            dataSource = new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { Timeout = (int)ConnectTimeout.TotalSeconds } }.Build();
        }
        catch (ArgumentException e)
        {
            throw new ServiceUnavailableException($"The PostgreSQL connection string is not valid: {e.Message}", e);
        }

        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return dataSource;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            throw new ServiceUnavailableException($"PostgreSQL is not reachable at {builder.Host}:{builder.Port} (database {builder.Database}): {e.Message}", e);
        }
    }
}
