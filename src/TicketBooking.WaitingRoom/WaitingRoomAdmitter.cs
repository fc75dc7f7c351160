using Microsoft.Extensions.Logging;
using Npgsql;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// The one writer that decides every change of the queues: the shuffle, positions, admissions, the sell-out and the
/// waiting list's offers. Run by whoever holds <see cref="Storage.AdvisoryLockClasses.WaitingRoomAdmitter"/>, through
/// that lock's connection, so a writer that lost the lock cannot write.
/// </summary>
public sealed class WaitingRoomAdmitter(TimeProvider time, ILogger<WaitingRoomAdmitter> logger)
{
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));
    private readonly ILogger<WaitingRoomAdmitter> _logger = logger ?? throw new ArgumentNullException(nameof(logger));

    /// <summary>
    /// One step over every room with sale_starts_at &lt;= now &lt; closes_at, one transaction per room; notifies each
    /// room that changed.
    /// </summary>
    /// <param name="connection">The admitter lock's connection (<see cref="Storage.SessionLock.Connection"/>).</param>
    /// <param name="freeSeats">The free seats of a session; null when unknown.</param>
    /// <returns>The session ids of the rooms that changed.</returns>
    public Task<IReadOnlyList<long>> StepAsync(NpgsqlConnection connection, Func<long, int?> freeSeats, CancellationToken ct) => throw new NotImplementedException($"{_time} {_logger}");
}
