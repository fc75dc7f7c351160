namespace TicketBooking.WaitingRoom.Tests;

/// <summary>Rooms, visitors and times the tests build on.</summary>
internal static class Rooms
{
    public static readonly DateTimeOffset SaleStartsAt = new(2026, 12, 3, 18, 0, 0, TimeSpan.Zero);

    public static RoomSettings Settings(AdmissionMode mode = AdmissionMode.Rate, int admitPerMinute = 60) =>
        new(7, SaleStartsAt.AddHours(-1), SaleStartsAt, SaleStartsAt.AddHours(3), mode, admitPerMinute, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), 99);

    public static RoomStatus Status(RoomSettings? settings = null) =>
        new(settings ?? Settings(), null, null, 0, 0, 0, 0, null, 1);

    public static Visitor Waiting(long userId, long? position = null, DateTimeOffset? joinedAt = null) =>
        new(7, userId, userId, joinedAt ?? SaleStartsAt.AddMinutes(-30), position, null, null, false, null, null, null);

    public static Visitor Admitted(long userId, long position, DateTimeOffset admittedAt, bool offer = false) =>
        Waiting(userId, position) with { AdmittedAt = admittedAt, AdmissionExpiresAt = admittedAt.AddMinutes(10), Offer = offer };
}
