using System.Data;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace TicketBooking.Storage;

/// <summary>
/// Ownership of one engine partition: a session-level advisory lock
/// (<see cref="AdvisoryLockClasses.EnginePartition"/>, partition) held on a dedicated, unpooled
/// connection for as long as the owner lives. When the owner process dies its socket closes,
/// PostgreSQL ends the session and the lock is free for a standby; when its machine vanishes the
/// server notices by TCP keepalive (<see cref="PartitionLeaseOptions.TcpKeepAliveSeconds"/>).
/// </summary>
/// <remarks>
/// A lease is a belief, not a guarantee: between the moment the server frees the lock and the
/// moment the old owner's <see cref="Lost"/> fires (up to a heartbeat interval plus timeout, or
/// longer if the old owner is paused), two processes can believe they own the partition. The
/// journal fence covers that window: every journal append carries
/// Nats-Expected-Last-Subject-Sequence, so the stale owner's next append is refused and it stops.
/// </remarks>
public sealed class PartitionLease : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly PartitionLeaseOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stopHeartbeat = new();
    private readonly Task _heartbeat;
    private int _disposed;

    private PartitionLease(NpgsqlConnection connection, int partition, PartitionLeaseOptions options, ILogger logger)
    {
        _connection = connection;
        _options = options;
        _logger = logger;
        Partition = partition;
        Lost = _lost.Token;
        _heartbeat = Task.Run(HeartbeatAsync);
    }

    public int Partition { get; }

    /// <summary>
    /// Fires when the lease can no longer be trusted (a heartbeat failed or timed out, which is also
    /// how a broken connection shows) and when it is disposed. Stop acting as the owner when it does.
    /// </summary>
    public CancellationToken Lost { get; }

    /// <summary>Takes the partition if nobody holds it; null when another owner does.</summary>
    public static Task<PartitionLease?> TryAcquireAsync(NpgsqlDataSource dataSource, int partition, CancellationToken cancellationToken) =>
        TryAcquireAsync(dataSource, partition, new PartitionLeaseOptions(), logger: null, cancellationToken);

    public static async Task<PartitionLease?> TryAcquireAsync(
        NpgsqlDataSource dataSource,
        int partition,
        PartitionLeaseOptions options,
        ILogger? logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.HeartbeatInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.HeartbeatTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TcpKeepAliveSeconds, 1, nameof(options));
        var connection = await CreateLockConnectionAsync(dataSource, partition, options, cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, $2)", connection);
            tryLock.Parameters.AddWithValue(AdvisoryLockClasses.EnginePartition);
            tryLock.Parameters.AddWithValue(partition);
            if (await tryLock.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new PartitionLease(connection, partition, options, logger ?? NullLogger.Instance);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Waits as a standby: blocks in PostgreSQL (<c>pg_advisory_lock</c>) on a lock connection of its own and owns the
    /// partition the moment the owner's session ends, with no polling interval to wait out.
    /// </summary>
    public static Task<PartitionLease> AcquireAsync(NpgsqlDataSource dataSource, int partition, CancellationToken cancellationToken) =>
        AcquireAsync(dataSource, partition, new PartitionLeaseOptions(), logger: null, cancellationToken);

    public static async Task<PartitionLease> AcquireAsync(
        NpgsqlDataSource dataSource,
        int partition,
        PartitionLeaseOptions options,
        ILogger? logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        var connection = await CreateLockConnectionAsync(dataSource, partition, options, cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // No command timeout: the wait lasts as long as the owner lives. Cancelling drops the connection
            // (CancellationTimeout -1), which ends the wait on the server too.
            await using var wait = new NpgsqlCommand("SELECT pg_advisory_lock($1, $2)", connection) { CommandTimeout = 0 };
            wait.Parameters.AddWithValue(AdvisoryLockClasses.EnginePartition);
            wait.Parameters.AddWithValue(partition);
            await wait.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new PartitionLease(connection, partition, options, logger ?? NullLogger.Instance);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Gives the partition up: fires <see cref="Lost"/>, unlocks and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopHeartbeat.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
        await _lost.CancelAsync().ConfigureAwait(false);
        if (_connection.State == ConnectionState.Open)
        {
            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1, $2)", _connection);
                unlock.Parameters.AddWithValue(AdvisoryLockClasses.EnginePartition);
                unlock.Parameters.AddWithValue(Partition);
                await unlock.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException e)
            {
                // Closing the session below frees the lock anyway.
                _logger.LogDebug(e, "Unlocking partition {Partition} failed", Partition);
            }
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        _stopHeartbeat.Dispose();
    }

    private static async Task<NpgsqlConnection> CreateLockConnectionAsync(
        NpgsqlDataSource dataSource,
        int partition,
        PartitionLeaseOptions options,
        CancellationToken cancellationToken)
    {
        await using var template = dataSource.CreateConnection();
        var keepAlive = options.TcpKeepAliveSeconds;
        var builder = new NpgsqlConnectionStringBuilder(template.ConnectionString)
        {
            // The lock belongs to this one session: it must never be handed back to a pool.
            Pooling = false,
            TcpKeepAlive = true,
            TcpKeepAliveTime = keepAlive,
            TcpKeepAliveInterval = keepAlive,

            // A heartbeat that times out drops the socket at once instead of first asking the server to
            // cancel: the lease is lost either way, and a dead server would not answer.
            CancellationTimeout = -1,
            ApplicationName = string.Create(CultureInfo.InvariantCulture, $"tb-partition-lease-{partition}"),
        };
        // client_connection_check_interval (PostgreSQL 14+, Linux): a standby that dies while it waits for the lock
        // has its waiting session ended within a second, instead of being granted the lock first.
        builder.Options = string.Create(
            CultureInfo.InvariantCulture,
            $"{builder.Options} -c tcp_keepalives_idle={keepAlive} -c tcp_keepalives_interval={keepAlive} -c tcp_keepalives_count=3 -c client_connection_check_interval=1000").Trim();
        return await template.CloneWithAsync(builder.ConnectionString, cancellationToken).ConfigureAwait(false);
    }

    private async Task HeartbeatAsync()
    {
        var stop = _stopHeartbeat.Token;
        using var timer = new PeriodicTimer(_options.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false) && await IsAliveAsync(stop).ConfigureAwait(false))
            {
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }

        await _lost.CancelAsync().ConfigureAwait(false);
        _logger.LogWarning("Lease on partition {Partition} lost: its lock connection failed", Partition);

        // A connection that only timed out may still hold the lock: close it so a standby can take over.
        await _connection.CloseAsync().ConfigureAwait(false);
    }

    private async Task<bool> IsAliveAsync(CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(_options.HeartbeatTimeout);
        try
        {
            await using var ping = new NpgsqlCommand("SELECT 1", _connection);
            await ping.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (!stop.IsCancellationRequested && e is NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
            _logger.LogWarning(e, "Heartbeat of the lease on partition {Partition} failed", Partition);
            return false;
        }
    }
}
