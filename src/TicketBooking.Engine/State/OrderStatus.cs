namespace TicketBooking.Engine.State;

public enum OrderStatus
{
    Held = 1,
    Confirmed = 2,
    Rejected = 3,
    Released = 4,
    Expired = 5,
    Cancelled = 6,
}
