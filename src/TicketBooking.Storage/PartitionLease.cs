using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace TicketBooking.Storage;

/// <summary>
/// Ownership of one engine partition: the <see cref="SessionLock"/>
/// (<see cref="AdvisoryLockKey.EnginePartition"/>) held for as long as the owner lives, with a heartbeat on its
/// connection. When the owner process dies its socket closes,
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
    private readonly SessionLock _lock;
    private readonly PartitionLeaseOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stopHeartbeat = new();
    private readonly Task _heartbeat;
    private int _disposed;

    private PartitionLease(SessionLock held, int partition, PartitionLeaseOptions options, ILogger logger)
    {
        _lock = held;
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
        var held = await SessionLock.TryAcquireAsync(dataSource, AdvisoryLockKey.EnginePartition(partition), LockOptions(partition, options, logger), cancellationToken).ConfigureAwait(false);
        return held is null ? null : new PartitionLease(held, partition, options, logger ?? NullLogger.Instance);
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
        var held = await SessionLock.AcquireAsync(dataSource, AdvisoryLockKey.EnginePartition(partition), LockOptions(partition, options, logger), cancellationToken).ConfigureAwait(false);
        return new PartitionLease(held, partition, options, logger ?? NullLogger.Instance);
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
        await _lock.DisposeAsync().ConfigureAwait(false);
        _stopHeartbeat.Dispose();
    }

    private static SessionLockOptions LockOptions(int partition, PartitionLeaseOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.HeartbeatInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.HeartbeatTimeout, TimeSpan.Zero, nameof(options));
        return new SessionLockOptions
        {
            ApplicationName = string.Create(CultureInfo.InvariantCulture, $"tb-partition-lease-{partition}"),
            TcpKeepAliveSeconds = options.TcpKeepAliveSeconds,
            Logger = logger,
        };
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
        await _lock.CloseAsync().ConfigureAwait(false);
    }

    private async Task<bool> IsAliveAsync(CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(_options.HeartbeatTimeout);
        try
        {
            await using var ping = new NpgsqlCommand("SELECT 1", _lock.Connection);
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
