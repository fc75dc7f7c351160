using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Tests;

/// <summary>The order table, the hold queue and the per-buyer counts beyond what the scenario tests reach.</summary>
public class StateStorageTests
{
    [Fact]
    public void Holds_expire_by_deadline_then_decision_across_timeouts_and_time_that_goes_back()
    {
        var h = new EngineHarness();
        h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(2, 10)));
        h.RunSingle<SessionOpened>(new OpenSession(2, EngineHarness.Hall(2, 10), [100], 10_000, 10, EngineHarness.ShowStartsAtMs));

        h.NowMs = 1_000;
        var a = h.Hold(1, 1, 0);
        var b = h.Hold(2, 2, 0);
        h.NowMs = 500;
        var c = h.Hold(2, 3, 1);
        h.NowMs = 1_000;
        var d = h.Hold(1, 4, 1);
        h.NowMs = 900;
        var e = h.Hold(1, 5, 2);

        h.NowMs = 100_000;
        var expired = h.Run(Tick.Instance).Cast<OrderExpired>().Select(x => x.OrderId);

        Assert.Equal([c.OrderId, b.OrderId, e.OrderId, a.OrderId, d.OrderId], expired);
        Assert.Equal(0, h.Engine.State.PendingHolds);
        InvariantChecks.AssertSeatsConsistent(h.Engine.State);
    }

    [Fact]
    public void Settled_holds_are_skipped_when_their_deadline_comes()
    {
        var h = new EngineHarness();
        h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(1, 10)));
        var paid = h.Hold(1, 1, 0);
        var released = h.Hold(1, 2, 1);
        var kept = h.Hold(1, 3, 2);
        h.RunSingle<OrderConfirmed>(new PaymentSucceeded(paid.OrderId, 1));
        h.RunSingle<OrderReleased>(new PaymentFailed(released.OrderId, 1, "declined"));

        h.NowMs = kept.DeadlineMs;
        var expired = h.RunSingle<OrderExpired>(Tick.Instance);

        Assert.Equal(kept.OrderId, expired.OrderId);
    }

    [Fact]
    public void Thousands_of_orders_are_found_by_id_and_listed_in_creation_order()
    {
        var h = new EngineHarness();
        h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(50, 100)));
        var held = Enumerable.Range(0, 5_000).Select(seat => h.Hold(1, seat, seat)).ToList();
        foreach (var order in held.Where((_, i) => i % 3 == 0))
        {
            h.RunSingle<OrderConfirmed>(new PaymentSucceeded(order.OrderId, 1));
        }

        var orders = h.Engine.State.Orders;
        Assert.Equal(5_000, orders.Count);
        Assert.Equal(held.Select(o => o.OrderId), orders.Keys);
        Assert.Equal(held.Select(o => o.Sequence), orders.Values.Select(o => o.CreatedSequence));
        for (var i = 0; i < held.Count; i++)
        {
            Assert.Equal(i % 3 == 0 ? OrderStatus.Confirmed : OrderStatus.Held, orders[held[i].OrderId].Status);
            Assert.Equal([i], orders[held[i].OrderId].Seats);
        }

        Assert.False(orders.ContainsKey(Guid.NewGuid()));
        Assert.Null(h.Engine.State.FindOrder(Guid.NewGuid()));
        Assert.Throws<KeyNotFoundException>(() => orders[Guid.NewGuid()]);
        InvariantChecks.AssertSeatsConsistent(h.Engine.State);
    }

    [Fact]
    public void A_buyer_who_gives_every_seat_back_is_not_listed_and_can_buy_again()
    {
        var h = new EngineHarness();
        h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(1, 10), maxSeatsPerBuyer: 2));
        var first = h.Hold(1, 7, 0, 1);
        h.Hold(1, 8, 2);
        h.RunSingle<OrderReleased>(new PaymentFailed(first.OrderId, 1, "declined"));

        var session = h.Engine.State.Sessions[1];
        Assert.Equal([new KeyValuePair<long, int>(8, 1)], session.SeatsByBuyer);
        Assert.False(session.SeatsByBuyer.ContainsKey(7));
        Assert.Equal(0, session.SeatsOf(7));

        h.Hold(1, 7, 3, 4);
        Assert.Equal(2, session.SeatsByBuyer[7]);
        Assert.Equal(2, session.SeatsByBuyer.Count);
        Assert.Equal(RejectReason.OverBuyerLimit, h.RunRejected(new Purchase(Guid.NewGuid(), 1, 7, SeatRequest.Explicit(5))));
    }
}
