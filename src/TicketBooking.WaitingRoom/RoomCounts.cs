namespace TicketBooking.WaitingRoom;

/// <summary>A room's figures for its organizer.</summary>
/// <param name="Waiting">Positioned, not admitted, not left.</param>
/// <param name="Admitted">Everyone ever admitted (the room's admitted_count).</param>
/// <param name="Bought">Admitted visitors whose order is confirmed in projections.orders (0 without that table).</param>
/// <param name="Abandoned">Admitted, expired, never ordered.</param>
/// <param name="Left">Left before being admitted.</param>
/// <param name="Unpositioned">Joined, not left, not positioned yet.</param>
public sealed record RoomCounts(long Waiting, long Admitted, long Bought, long Abandoned, long Left, long Unpositioned);
