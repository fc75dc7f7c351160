using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using TicketBooking.Storage;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Ingress.WaitingRoom;

/// <summary>
/// Keeps the <see cref="RoomBoard"/> current: start-up migrates schema <c>waiting_room</c> and reads every room; then
/// one dedicated connection per instance LISTENs on <see cref="WaitingRoomStore.NotifyChannel"/>, whose payload names
/// the session that changed (read again at once), and every room is read again every
/// <see cref="WaitingRoomOptions.BoardRefreshInterval"/> and after each reconnect, so a NOTIFY lost with a dropped
/// connection costs at most that long. Ready once the first read is done.
/// </summary>
public sealed class RoomBoardListener(
    NpgsqlDataSource dataSource,
    WaitingRoomStore store,
    RoomBoard board,
    IOptions<WaitingRoomOptions> options,
    ILogger<RoomBoardListener> logger,
    ILogger<SchemaMigrator> migratorLogger) : BackgroundService, IHealthCheck
{
    private const int PingTimeoutSeconds = 5;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(30);

    private readonly HashSet<long> _notified = [];
    private readonly Lock _gate = new();
    private volatile bool _loaded;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await new SchemaMigrator(dataSource, WaitingRoomStore.Migrations, migratorLogger).MigrateAsync(cancellationToken).ConfigureAwait(false);
        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_loaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The waiting rooms have not been read yet."));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var refresh = options.Value.BoardRefreshInterval;
        var retryDelay = FirstRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {WaitingRoomStore.NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                // Whatever changed while this instance did not listen is read now.
                await ReloadAsync(stoppingToken).ConfigureAwait(false);
                retryDelay = FirstRetryDelay;
                var reloaded = TimeProvider.System.GetTimestamp();
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(refresh, stoppingToken).ConfigureAwait(false))
                    {
                        await PingAsync(connection, stoppingToken).ConfigureAwait(false);
                    }

                    await ReadNotifiedAsync(stoppingToken).ConfigureAwait(false);
                    if (TimeProvider.System.GetElapsedTime(reloaded) >= refresh)
                    {
                        await ReloadAsync(stoppingToken).ConfigureAwait(false);
                        reloaded = TimeProvider.System.GetTimestamp();
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning(e, "Listening for waiting-room changes failed; trying again in {Delay}", retryDelay);
                await Task.Delay(retryDelay, stoppingToken).ConfigureAwait(false);
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, LongestRetryDelay.Ticks));
            }
        }
    }

    /// <summary>
    /// A quiet LISTEN connection that died without a reset (a dropped route, a killed proxy) would otherwise go unnoticed
    /// and leave this instance on the slow re-read alone: a round trip after each quiet wait fails it, and it is opened again.
    /// </summary>
    private static async Task PingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var ping = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = PingTimeoutSeconds };
        await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs inside <see cref="NpgsqlConnection.WaitAsync(TimeSpan, CancellationToken)"/>, whose connection cannot read meanwhile: only notes the session.</summary>
    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (long.TryParse(e.Payload, NumberStyles.Integer, CultureInfo.InvariantCulture, out var sessionId))
        {
            lock (_gate)
            {
                _notified.Add(sessionId);
            }
        }
    }

    private async Task ReadNotifiedAsync(CancellationToken cancellationToken)
    {
        long[] sessions;
        lock (_gate)
        {
            sessions = [.. _notified];
            _notified.Clear();
        }

        foreach (var sessionId in sessions)
        {
            if (await store.GetAsync(sessionId, cancellationToken).ConfigureAwait(false) is { } room)
            {
                board.Publish(room);
            }
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        foreach (var room in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            board.Publish(room);
        }

        _loaded = true;
    }
}
