using Microsoft.Extensions.Options;
using Npgsql;
using TicketBooking.Ingress.Availability;
using TicketBooking.Storage;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Ingress.WaitingRoom;

/// <summary>
/// Runs the one <see cref="WaitingRoomAdmitter"/> of the installation: of all ingress instances only the one holding the
/// advisory lock <see cref="AdvisoryLockClasses.WaitingRoomAdmitter"/> steps, every
/// <see cref="WaitingRoomOptions.AdmitInterval"/>, through the lock's own connection, so an instance that lost its
/// session (and with it the lock) cannot write any more; the others try for the lock as often. Free seats come from
/// this instance's <see cref="AvailabilityBoard"/>.
/// </summary>
public sealed class WaitingRoomAdmitterService(
    NpgsqlDataSource dataSource,
    WaitingRoomAdmitter admitter,
    WaitingRoomStore store,
    RoomBoard board,
    AvailabilityBoard availability,
    WaitingRoomMetrics metrics,
    IOptions<WaitingRoomOptions> options,
    ILogger<WaitingRoomAdmitterService> logger) : BackgroundService
{
    private static readonly AdvisoryLockKey LockKey = new(AdvisoryLockClasses.WaitingRoomAdmitter, 0);
    private readonly SessionLockOptions _lockOptions = new() { ApplicationName = "tb-ingress waiting-room admitter", Logger = logger };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.AdmitInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var held = await SessionLock.TryAcquireAsync(dataSource, LockKey, _lockOptions, stoppingToken).ConfigureAwait(false);
                if (held is not null)
                {
                    logger.LogInformation("This instance runs the waiting-room admitter");
                    await AdmitAsync(held.Connection, interval, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or OperationCanceledException)
            {
                logger.LogWarning(e, "The waiting-room admitter lost its lock or its connection; trying again");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A step that fails for another reason must not stop the ingress (and with it every purchase): the
                // lock is released and the step tried again, loudly.
                logger.LogError(e, "A waiting-room admitter step failed; releasing the lock and trying again");
            }

            // Disposing the lock (above) released it, if this instance had it.
            await Task.Delay(interval, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task AdmitAsync(NpgsqlConnection connection, TimeSpan interval, CancellationToken stoppingToken)
    {
        // What each room had admitted when this instance took over: the admissions counter counts from there.
        var admitted = (await store.ListAsync(stoppingToken).ConfigureAwait(false)).ToDictionary(room => room.Settings.SessionId, room => room.AdmittedCount);
        using var timer = new PeriodicTimer(interval);
        do
        {
            var started = TimeProvider.System.GetTimestamp();
            var changed = await admitter.StepAsync(connection, FreeSeats, stoppingToken).ConfigureAwait(false);
            metrics.StepTook(TimeProvider.System.GetElapsedTime(started));
            foreach (var sessionId in changed)
            {
                if (await store.GetAsync(sessionId, stoppingToken).ConfigureAwait(false) is not { } room)
                {
                    continue;
                }

                // This instance's own readers see the change before its NOTIFY comes back.
                board.Publish(room);
                metrics.Admitted(room.AdmittedCount - admitted.GetValueOrDefault(sessionId));
                admitted[sessionId] = room.AdmittedCount;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>The session's free seats as the engine last told this instance; null when it has not.</summary>
    private int? FreeSeats(long sessionId) => availability.Find(sessionId)?.FreeByCategory.Sum();
}
