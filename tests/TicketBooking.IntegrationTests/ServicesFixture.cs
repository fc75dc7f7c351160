using NATS.Client.Core;
using Npgsql;

namespace TicketBooking.IntegrationTests;

/// <summary>
/// Connections to the local services that <c>./tb up</c> starts (nats-server and PostgreSQL on
/// loopback). Addresses come from TB_NATS_URL and TB_PG, as printed by <c>./tb env</c>.
/// </summary>
public sealed class ServicesFixture : IAsyncLifetime
{
    public const string DefaultNatsUrl = "nats://127.0.0.1:4222";
    public const string DefaultPg = "Host=127.0.0.1;Port=5433;Username=tb;Password=tb;Database=ticketbooking";

    private NatsConnection? _nats;
    private NpgsqlDataSource? _pg;

    public string NatsUrl { get; } = FromEnvironment("TB_NATS_URL", DefaultNatsUrl);

    public string PgConnectionString { get; } = FromEnvironment("TB_PG", DefaultPg);

    public NatsConnection Nats => _nats ?? throw new InvalidOperationException("Fixture not initialized.");

    public NpgsqlDataSource Pg => _pg ?? throw new InvalidOperationException("Fixture not initialized.");

    public async Task InitializeAsync()
    {
        var nats = new NatsConnection(new NatsOpts
        {
            Url = NatsUrl,
            Name = "TicketBooking.IntegrationTests",
            ConnectTimeout = TimeSpan.FromSeconds(5),
        });
        try
        {
            await nats.ConnectAsync();
        }
        catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException)
        {
            await nats.DisposeAsync();
            throw new InvalidOperationException(
                $"NATS is not reachable at {NatsUrl} (TB_NATS_URL): {e.Message}. Start the local services with ./tb up, or run the tests with ./tb test.",
                e);
        }

        _nats = nats;

        var pg = new NpgsqlDataSourceBuilder(PgConnectionString) { ConnectionStringBuilder = { Timeout = 5 } }.Build();
        try
        {
            await using var connection = await pg.OpenConnectionAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await pg.DisposeAsync();
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable with TB_PG='{Redacted(PgConnectionString)}': {e.Message}. Start the local services with ./tb up, or run the tests with ./tb test.",
                e);
        }

        _pg = pg;
    }

    public async Task DisposeAsync()
    {
        if (_nats is not null)
        {
            await _nats.DisposeAsync();
        }

        if (_pg is not null)
        {
            await _pg.DisposeAsync();
        }
    }

    private static string FromEnvironment(string name, string fallback)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? fallback : value;
    }

    private static string Redacted(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.Password))
        {
            builder.Password = "***";
        }

        return builder.ConnectionString;
    }
}

[CollectionDefinition(Name)]
public sealed class LocalServices : ICollectionFixture<ServicesFixture>
{
    public const string Name = "Local services";
}
