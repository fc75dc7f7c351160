namespace TicketBooking.WaitingRoom;

/// <summary>How a room admits: at a fixed rate, or at that rate but never more than the free seats (stored as 'rate' / 'seats').</summary>
public enum AdmissionMode
{
    Rate,
    Seats,
}
