namespace TicketBooking.Engine.Decisions;

public enum RejectReason
{
    UnknownSession = 1,
    SessionClosed = 2,
    SessionExists = 3,
    InvalidSession = 4,
    InvalidRequest = 5,
    InvalidSeat = 6,
    SeatTaken = 7,
    SoldOut = 8,
    NoAdjacentSeats = 9,
    OverBuyerLimit = 10,
    DuplicateOrder = 11,
    UnknownOrder = 12,
    NotOrderOwner = 13,
    NotHeld = 14,
    AlreadySettled = 15,
    NotCancellable = 16,
    ShowStarted = 17,

    /// <summary>The seats' prices add up to more than an amount can hold.</summary>
    PriceOverflow = 18,
}
