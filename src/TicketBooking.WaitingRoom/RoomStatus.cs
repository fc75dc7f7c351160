namespace TicketBooking.WaitingRoom;

/// <summary>A room as stored: its settings and what the admitter recorded so far (one row of waiting_room.rooms).</summary>
/// <param name="Seed">The shuffle's seed, once the shuffle ran.</param>
/// <param name="PreQueueSize">Positions 1..PreQueueSize are the shuffled pre-queue.</param>
/// <param name="AdmittedThrough">The highest position admitted.</param>
/// <param name="SoldOutAt">When the session sold out while admitting; from then on admissions are waiting-list offers.</param>
/// <param name="Version">Grows by one on every change of the room (admitter steps and configuration).</param>
public sealed record RoomStatus(
    RoomSettings Settings,
    long? Seed,
    DateTimeOffset? ShuffledAt,
    int PreQueueSize,
    long LastPosition,
    long AdmittedThrough,
    long AdmittedCount,
    DateTimeOffset? SoldOutAt,
    long Version)
{
    public bool Shuffled => ShuffledAt is not null;

    public RoomPhase PhaseAt(DateTimeOffset now)
    {
        if (now >= Settings.ClosesAt)
        {
            return RoomPhase.Closed;
        }

        if (now < Settings.OpensAt)
        {
            return RoomPhase.Scheduled;
        }

        if (now < Settings.SaleStartsAt)
        {
            return RoomPhase.PreQueue;
        }

        return SoldOutAt is null ? RoomPhase.Admitting : RoomPhase.SoldOut;
    }
}
