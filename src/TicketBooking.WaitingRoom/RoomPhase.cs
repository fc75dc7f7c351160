namespace TicketBooking.WaitingRoom;

/// <summary>
/// Where a room stands at a moment: <see cref="Scheduled"/> before it opens, <see cref="PreQueue"/> from its opening to
/// the sale's start, <see cref="Admitting"/> from then on, <see cref="SoldOut"/> once the session sold out while
/// admitting (the waiting list), <see cref="Closed"/> from the show's start.
/// </summary>
public enum RoomPhase
{
    Scheduled,
    PreQueue,
    Admitting,
    SoldOut,
    Closed,
}
