namespace TicketBooking.WaitingRoom;

/// <summary>Where a visitor stands: shown to the buyer in lower case.</summary>
public enum StandingState
{
    Waiting,
    Admitted,
    Expired,
    Ordered,
    Left,
    Closed,
}
