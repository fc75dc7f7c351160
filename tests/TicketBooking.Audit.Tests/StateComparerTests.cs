using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Engine.State;

namespace TicketBooking.Audit.Tests;

public class StateComparerTests
{
    [Fact]
    public void A_state_equals_its_snapshot_round_trip()
    {
        var log = RecordedLog.Clean();

        var restored = SnapshotCodec.Deserialize(SnapshotCodec.Serialize(log.Engine.State));

        Assert.True(StateComparer.AreEqual(log.Engine.State, restored));
    }

    [Fact]
    public void The_first_difference_names_the_order_and_the_field()
    {
        var log = new RecordedLog();
        log.Run(EngineHarness.Open(1, EngineHarness.Hall(1, 10)));
        var held = log.Hold(1, 1, 0);
        var before = SnapshotCodec.Deserialize(SnapshotCodec.Serialize(log.Engine.State));
        log.Run(new PaymentSucceeded(held.OrderId, 1));

        var difference = StateComparer.FirstDifference(before, log.Engine.State);

        Assert.Equal("last decision: 2 vs 3", difference);
        var samePosition = SnapshotCodec.Capture(log.Engine.State) with { LastDecisionSequence = before.LastDecisionSequence };
        Assert.Equal("session 1: next ticket 1 vs 2", StateComparer.FirstDifference(before, SnapshotCodec.Restore(samePosition)));
        var same = samePosition with { Sessions = SnapshotCodec.Capture(before).Sessions };
        Assert.Equal($"order {held.OrderId}: status Held vs Confirmed", StateComparer.FirstDifference(before, SnapshotCodec.Restore(same)));
    }

    [Fact]
    public void A_bitmap_that_disagrees_with_the_orders_is_a_difference()
    {
        var log = new RecordedLog();
        log.Run(EngineHarness.Open(1, EngineHarness.Hall(1, 10)));
        log.Hold(1, 1, 3);
        var copy = SnapshotCodec.Deserialize(SnapshotCodec.Serialize(log.Engine.State));
        copy.Sessions[1].Seats.Take([7]);

        Assert.Equal("session 1: seat 7 is free in the first state, taken in the second", StateComparer.FirstDifference(log.Engine.State, copy));
    }

    [Fact]
    public void Session_summaries_count_seats_orders_and_revenue()
    {
        var log = RecordedLog.Clean();

        var summary = Assert.Single(SessionSummary.Of(log.Engine.State));

        Assert.Equal(1, summary.OrdersByStatus[OrderStatus.Confirmed]);
        Assert.Equal(1, summary.OrdersByStatus[OrderStatus.Released]);
        Assert.Equal(1, summary.OrdersByStatus[OrderStatus.Cancelled]);
        Assert.Equal(1, summary.OrdersByStatus[OrderStatus.Expired]);
        Assert.Equal(1, summary.OrdersByStatus[OrderStatus.Rejected]);
        Assert.Equal(10_000, summary.ConfirmedRevenue);
        var category = summary.Categories[0];
        Assert.Equal((0, 2, 28, 30), (category.Held, category.Sold, category.Free, category.Capacity));
    }
}
