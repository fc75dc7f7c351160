using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;

namespace TicketBooking.Demo;

/// <summary>The generated drop both demos run: a 20,000-seat hall and buyers who crowd its best rows.</summary>
internal static class DemoDrop
{
    public const long HoldTimeoutMs = 120_000;

    public static readonly string[] CategoryNames = ["premium", "standard", "balcony"];

    /// <summary>100 rows of 200 seats: 20 premium rows at the front, then 50 standard, then 30 balcony.</summary>
    public static SessionLayout Layout { get; } = new(
        [.. Enumerable.Range(0, 100).Select(row => new RowLayout(
            $"R{row + 1}",
            Enumerable.Repeat((byte)(row < 20 ? 0 : row < 70 ? 1 : 2), 200).ToArray()))]);

    public static OpenSession Open(long sessionId, long nowMs) =>
        new(sessionId, Layout, [9_000, 6_000, 3_500], HoldTimeoutMs, 6, nowMs + 86_400_000);

    /// <summary>Half the buyers pick seats on the map, crowding the front fifth of the hall; the others ask for 1-4 adjacent seats.</summary>
    public static Purchase Purchase(Random random, long sessionId)
    {
        var seatCount = Layout.SeatCount;
        var orderId = new Guid([.. Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256))]);
        var buyer = random.Next(seatCount * 3);
        var count = 1 + random.Next(4);
        if (random.Next(2) == 0)
        {
            return new Purchase(orderId, sessionId, buyer, SeatRequest.Adjacent(count, random.Next(3)));
        }

        var first = random.Next(seatCount / 5);
        return new Purchase(orderId, sessionId, buyer, SeatRequest.Explicit([.. Enumerable.Range(first, count)]));
    }

    /// <summary>The wallet's part, played here: 85% pay, 10% are declined, 5% never answer and their holds expire.</summary>
    public static Command? Payment(Random random, OrderHeld held)
    {
        var roll = random.Next(100);
        return roll < 85 ? new PaymentSucceeded(held.OrderId, held.SessionId)
            : roll < 95 ? new PaymentFailed(held.OrderId, held.SessionId, "card declined")
            : null;
    }
}
