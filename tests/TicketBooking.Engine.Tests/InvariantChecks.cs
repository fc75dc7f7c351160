using TicketBooking.Engine.Snapshots;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Tests;

internal static class InvariantChecks
{
    /// <summary>The seat bitmap, free counts and per-buyer counts agree with the live orders, and no seat is in two.</summary>
    public static void AssertSeatsConsistent(EngineState state)
    {
        foreach (var session in state.Sessions.Values)
        {
            var owner = new Dictionary<int, Guid>();
            var byBuyer = new Dictionary<long, int>();
            foreach (var order in state.Orders.Values.Where(o => o.SessionId == session.SessionId && o.OccupiesSeats))
            {
                foreach (var seat in order.Seats)
                {
                    Assert.True(owner.TryAdd(seat, order.OrderId), $"Seat {seat} of session {session.SessionId} is in two live orders.");
                    Assert.True(session.Seats.IsTaken(seat));
                }

                byBuyer[order.BuyerId] = byBuyer.GetValueOrDefault(order.BuyerId) + order.Seats.Length;
            }

            Assert.Equal(owner.Count, session.Seats.TakenCount());
            Assert.Equal(state.Orders.Values.Count(o => o.Status == OrderStatus.Held), state.PendingHolds);
            for (var category = 0; category < session.Seats.CategoryCount; category++)
            {
                var capacity = Enumerable.Range(0, session.Seats.Capacity).Count(seat => session.Seats.CategoryOf(seat) == category);
                var taken = owner.Keys.Count(seat => session.Seats.CategoryOf(seat) == category);
                Assert.Equal(capacity - taken, session.Seats.FreeSeats(category));
            }

            Assert.Equal(byBuyer.OrderBy(kv => kv.Key), session.SeatsByBuyer.OrderBy(kv => kv.Key));
            Assert.All(byBuyer.Values, seats => Assert.InRange(seats, 1, session.MaxSeatsPerBuyer));
        }
    }

    /// <summary>Same sessions, orders, bitmaps and counters. The input position is left out: a tick that decided nothing moves only the live one.</summary>
    public static void AssertSameState(EngineState expected, EngineState actual)
    {
        var expectedSnapshot = SnapshotCodec.Capture(expected) with { LastInputSequence = 0 };
        var actualSnapshot = SnapshotCodec.Capture(actual) with { LastInputSequence = 0 };
        Assert.Equal(
            MessagePack.MessagePackSerializer.Serialize(expectedSnapshot),
            MessagePack.MessagePackSerializer.Serialize(actualSnapshot));
        Assert.Equal(expected.PendingHolds, actual.PendingHolds);
        foreach (var session in expected.Sessions.Values)
        {
            var other = actual.Sessions[session.SessionId];
            Assert.Equal(session.Seats.Bits.ToArray(), other.Seats.Bits.ToArray());
            Assert.Equal(session.SeatsByBuyer.OrderBy(kv => kv.Key), other.SeatsByBuyer.OrderBy(kv => kv.Key));
            for (var category = 0; category < session.Seats.CategoryCount; category++)
            {
                Assert.Equal(session.Seats.FreeSeats(category), other.Seats.FreeSeats(category));
            }
        }
    }
}
