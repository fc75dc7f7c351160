using System.Buffers;
using MessagePack;
using TicketBooking.Engine;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;

namespace TicketBooking.Projections.Statistics.Tests;

public sealed class StatisticsFoldTests
{
    private const long Session = 41;
    private static readonly DateTimeOffset Noon = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_confirmed_order_counts_its_seats_money_and_discounts_in_the_minute_it_was_journaled()
    {
        var order = Guid.NewGuid();
        var fold = new StatisticsFold();

        fold.Apply(Opened(rows: 2, seatsPerRow: 5), Noon);
        fold.Apply(Held(order, seats: 3, amount: 9_000, new OrderDiscounts(12_000, 7, 2_000, 1_000)), Noon);
        fold.Apply(new OrderConfirmed(3, 3, order, Session, [0, 1, 2], 1), Noon.AddSeconds(75.5));

        var tally = fold.Sessions[Session];
        Assert.Equal((10, 3L, 0L, 9_000L, 2_000L, 1_000L), (tally.Capacity, tally.TicketsSold, tally.TicketsReturned, tally.Gross, tally.PromoDiscounts, tally.PointsSpent));
        var minute = Assert.Single(fold.Minutes);
        Assert.Equal((Session, new DateTime(2026, 12, 3, 12, 1, 0, DateTimeKind.Utc)), minute.Key);
        Assert.Equal((3L, 9_000L), (minute.Value.Tickets, minute.Value.Amount));
        Assert.Equal(TrackedOrderState.Confirmed, Assert.Single(fold.ChangedOrders).State);
    }

    [Fact]
    public void A_paid_order_cancelled_returns_its_seats_and_its_refund_comes_off_the_net()
    {
        var order = Guid.NewGuid();
        var fold = new StatisticsFold();

        fold.Apply(Opened(rows: 1, seatsPerRow: 10), Noon);
        fold.Apply(Held(order, seats: 2, amount: 14_000), Noon);
        fold.Apply(new OrderConfirmed(3, 3, order, Session, [0, 1], 1), Noon);
        fold.Apply(new OrderCancelled(4, 4, order, Session, [0, 1]), Noon.AddMinutes(5));
        fold.Apply(new RefundDue(5, 4, order, Session, 7, 14_000, RefundReason.Cancelled), Noon.AddMinutes(5));

        var figures = Figures(fold.Sessions[Session]);
        Assert.Equal((2L, 2L, 14_000L, 14_000L, 0L, 0.0), (figures.TicketsSold, figures.TicketsReturned, figures.GrossRevenue, figures.Refunds, figures.NetRevenue, figures.FillRate));
        Assert.Equal(TrackedOrderState.Returned, Assert.Single(fold.ChangedOrders).State);
    }

    [Fact]
    public void Holds_released_expired_or_cancelled_unpaid_count_nothing()
    {
        Guid[] orders = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        var fold = new StatisticsFold();
        foreach (var order in orders)
        {
            fold.Apply(Held(order, seats: 1, amount: 7_000), Noon);
        }

        fold.Apply(new OrderReleased(4, 4, orders[0], Session, [0], "declined"), Noon);
        fold.Apply(new OrderExpired(5, 5, orders[1], Session, [0]), Noon);
        fold.Apply(new OrderCancelled(6, 6, orders[2], Session, [0]), Noon);

        Assert.All(fold.ChangedOrders, order => Assert.Equal(TrackedOrderState.Ended, order.State));
        Assert.False(fold.Sessions.ContainsKey(Session));
        Assert.Empty(fold.Minutes);
    }

    [Fact]
    public void A_refund_of_a_late_payment_is_neither_revenue_nor_a_refund_of_a_sale()
    {
        var order = Guid.NewGuid();
        var fold = new StatisticsFold();

        fold.Apply(Held(order, seats: 1, amount: 7_000), Noon);
        fold.Apply(new OrderExpired(2, 2, order, Session, [0]), Noon);
        fold.Apply(new RefundDue(3, 3, order, Session, 7, 7_000, RefundReason.LatePayment), Noon);

        var figures = Figures(fold.Sessions[Session]);
        Assert.Equal((0L, 0L, 0L, 7_000L), (figures.GrossRevenue, figures.Refunds, figures.NetRevenue, figures.LatePaymentRefunds));
    }

    [Fact]
    public void An_order_held_in_an_earlier_transaction_is_confirmed_from_its_stored_row()
    {
        var order = Guid.NewGuid();
        var first = new StatisticsFold();
        first.Apply(Held(order, seats: 4, amount: 28_000), Noon);
        var stored = first.ChangedOrders.ToDictionary(row => row.OrderId);
        OrderConfirmed confirmed = new(2, 2, order, Session, [0, 1, 2, 3], 1);

        Assert.Equal([order], StatisticsFold.OrdersToLoad([confirmed]));
        var second = new StatisticsFold(stored);
        second.Apply(confirmed, Noon);

        Assert.Equal((4L, 28_000L), (second.Sessions[Session].TicketsSold, second.Sessions[Session].Gross));
    }

    [Fact]
    public void Decisions_the_statistics_do_not_use_change_nothing()
    {
        var order = Guid.NewGuid();
        var fold = new StatisticsFold();

        fold.Apply(new Rejected(1, 1, CommandKind.Purchase, order, Session, 7, RejectReason.SeatTaken), Noon);
        fold.Apply(new SessionClosed(2, 2, Session), Noon);
        fold.Apply(new OrderConfirmed(3, 3, Guid.NewGuid(), Session, [0], 1), Noon);

        Assert.Empty(fold.Sessions);
        Assert.Empty(fold.ChangedOrders);
    }

    [Fact]
    public void A_decision_of_a_kind_this_version_does_not_know_reads_as_null_and_is_passed_over()
    {
        var order = Guid.NewGuid();
        var batch = EngineCodec.DeserializeBatch(BatchWithUnknownDecision(Held(order, seats: 1, amount: 7_000)));
        var fold = new StatisticsFold();

        Assert.Null(batch.Decisions[0]);
        Assert.Empty(StatisticsFold.OrdersToLoad(batch.Decisions));
        foreach (var decision in batch.Decisions)
        {
            fold.Apply(decision, Noon);
        }

        Assert.Equal(TrackedOrderState.Held, Assert.Single(fold.ChangedOrders).State);
    }

    [Fact]
    public void A_repeated_hold_of_an_order_does_not_reset_it()
    {
        var order = Guid.NewGuid();
        var fold = new StatisticsFold();

        fold.Apply(Held(order, seats: 1, amount: 7_000), Noon);
        fold.Apply(new OrderConfirmed(2, 2, order, Session, [0], 1), Noon);
        fold.Apply(Held(order, seats: 1, amount: 7_000), Noon);
        fold.Apply(new OrderConfirmed(4, 4, order, Session, [0], 2), Noon);

        Assert.Equal(1L, fold.Sessions[Session].TicketsSold);
    }

    [Fact]
    public void Fill_rate_is_the_seats_kept_over_the_capacity_and_zero_without_one()
    {
        Assert.Equal(0.25, new StatisticsFigures(1, 8, 3, 1, 0, 0, 0, 0, 0).FillRate);
        Assert.Equal(0, new StatisticsFigures(1, 0, 3, 1, 0, 0, 0, 0, 0).FillRate);
    }

    private static SessionOpened Opened(int rows, int seatsPerRow) =>
        new(1, 1, Session, new SessionLayout([.. Enumerable.Range(0, rows).Select(row => new RowLayout($"R{row}", new byte[seatsPerRow]))]), [7_000], 60_000, 4, 0);

    private static OrderHeld Held(Guid order, int seats, long amount, OrderDiscounts? discounts = null) =>
        new(2, 2, order, Session, 7, [.. Enumerable.Range(0, seats)], amount, 60_000, discounts);

    /// <summary>A journal batch whose first decision has union key 250, which no version of the engine has, followed by <paramref name="known"/>.</summary>
    private static byte[] BatchWithUnknownDecision(Decision known)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.Write(0);
        writer.Write(2L);
        writer.WriteArrayHeader(2);
        writer.WriteArrayHeader(2);
        writer.Write(250);
        writer.WriteArrayHeader(2);
        writer.Write(1L);
        writer.Write(1L);
        writer.WriteRaw(MessagePackSerializer.Serialize(known, EngineCodec.Options));
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static StatisticsFigures Figures(SessionTally tally) =>
        new(1, tally.Capacity ?? 0, tally.TicketsSold, tally.TicketsReturned, tally.Gross, tally.PromoDiscounts, tally.PointsSpent, tally.Refunds, tally.LatePaymentRefunds);
}
