namespace TicketBooking.WaitingRoom;

/// <summary>The one rule that turns a visitor's row and their room into what the visitor is told.</summary>
public static class QueueStandings
{
    public static QueueStanding Of(Visitor visitor, RoomStatus room, DateTimeOffset now) => throw new NotImplementedException();
}
