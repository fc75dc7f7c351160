using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Tests;

public class SnapshotTests
{
    [Fact]
    public void Round_trip_keeps_every_order_status_and_the_positions()
    {
        var h = new EngineHarness();
        h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(4, 10)));
        var confirmed = h.Hold(1, 1, 0, 1);
        h.RunSingle<OrderConfirmed>(new PaymentSucceeded(confirmed.OrderId, 1));
        var released = h.Hold(1, 2, 2);
        h.RunSingle<OrderReleased>(new PaymentFailed(released.OrderId, 1, "declined"));
        var held = h.Hold(1, 3, 3);
        h.RunRejected(new Purchase(Guid.NewGuid(), 1, 4, SeatRequest.Explicit(3)));
        h.RunSingle<SessionClosed>(new CloseSession(1));

        var bytes = SnapshotCodec.Serialize(h.Engine.State);
        var restored = SnapshotCodec.Deserialize(bytes);

        InvariantChecks.AssertSameState(h.Engine.State, restored);
        Assert.Equal(h.Engine.State.LastInputSequence, restored.LastInputSequence);
        Assert.Equal(h.Engine.State.LastDecisionSequence, restored.LastDecisionSequence);
        Assert.Equal(1, restored.PendingHolds);
        Assert.True(restored.Sessions[1].Closed);
        Assert.Equal(3, restored.Sessions[1].NextTicketNumber);
        Assert.Equal(held.DeadlineMs, restored.Orders[held.OrderId].DeadlineMs);
    }

    [Fact]
    public void Large_sessions_compress()
    {
        var h = new EngineHarness();
        h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(1000, 100)));

        var bytes = SnapshotCodec.Serialize(h.Engine.State);

        Assert.InRange(bytes.Length, 1, 50_000);
        Assert.Equal(100_000, SnapshotCodec.Deserialize(bytes).Sessions[1].Seats.Capacity);
    }

    [Fact]
    public void A_snapshot_that_decompresses_past_MessagePacks_default_cap_for_untrusted_data_restores()
    {
        // Found by ./tb catchup: a partition of about a million orders wrote snapshots it could not read back (the
        // LZ4 blocks declared more than the 64 MiB MessagePack allows untrusted data), so recovery folded the whole journal.
        var h = new EngineHarness();
        var buyer = 0L;
        for (var session = 1; session <= 70; session++)
        {
            h.RunSingle<SessionOpened>(EngineHarness.Open(session, EngineHarness.Hall(1000, 100)));
            for (var first = 0; first < 100_000; first += 10)
            {
                h.Run(new Purchase(Guid.NewGuid(), session, ++buyer, SeatRequest.Explicit([.. Enumerable.Range(first, 10)])));
            }
        }

        h.Journal.Clear();
        var uncompressed = MessagePack.MessagePackSerializer.Serialize(SnapshotCodec.Capture(h.Engine.State), MessagePack.MessagePackSerializerOptions.Standard);
        Assert.True(uncompressed.Length > MessagePack.MessagePackSecurity.UntrustedData.MaximumDecompressedSize, $"{uncompressed.Length} bytes");

        var restored = SnapshotCodec.Deserialize(SnapshotCodec.Serialize(h.Engine.State));

        Assert.Equal(h.Engine.State.Orders.Count, restored.Orders.Count);
        Assert.Equal(h.Engine.State.LastDecisionSequence, restored.LastDecisionSequence);
    }

    [Fact]
    public void An_unknown_format_version_is_refused()
    {
        var snapshot = SnapshotCodec.Capture(new State.EngineState()) with { FormatVersion = 99 };

        Assert.Throws<NotSupportedException>(() => SnapshotCodec.Restore(snapshot));
    }

    [Fact]
    public void Commands_and_decisions_survive_the_wire_encoding()
    {
        Command command = new Purchase(Guid.NewGuid(), 3, 4, SeatRequest.Adjacent(2, 1));
        var decoded = Assert.IsType<Purchase>(EngineCodec.DeserializeCommand(EngineCodec.Serialize(command)));
        Assert.Equal(2, decoded.Seats.Count);
        Assert.Null(decoded.Seats.SeatIds);

        Decision decision = new OrderHeld(5, 6, Guid.NewGuid(), 3, 4, [1, 2], 100, 999);
        var back = Assert.IsType<OrderHeld>(Assert.Single(EngineCodec.DeserializeDecisions(EngineCodec.Serialize([decision]))));
        Assert.Equal(5, back.Sequence);
        Assert.Equal(6, back.InputSequence);
        Assert.Equal([1, 2], back.Seats);
    }

    [Fact]
    public void An_order_written_before_refund_owed_existed_reads_as_owing_nothing()
    {
        var before = new OrderSnapshotBeforeRefundOwed(Guid.NewGuid(), 1, 2, 3, OrderStatus.Cancelled, [4], 500, 600, 7, null);
        var bytes = MessagePack.MessagePackSerializer.Serialize(before, EngineCodec.Options);

        var order = MessagePack.MessagePackSerializer.Deserialize<OrderSnapshot>(bytes, EngineCodec.Options);

        Assert.Equal(before.OrderId, order.OrderId);
        Assert.Equal(7, order.FirstTicketNumber);
        Assert.False(order.RefundOwed);
    }

    [MessagePack.MessagePackObject]
    public sealed record OrderSnapshotBeforeRefundOwed(
        [property: MessagePack.Key(0)] Guid OrderId,
        [property: MessagePack.Key(1)] long SessionId,
        [property: MessagePack.Key(2)] long BuyerId,
        [property: MessagePack.Key(3)] long CreatedSequence,
        [property: MessagePack.Key(4)] OrderStatus Status,
        [property: MessagePack.Key(5)] int[] Seats,
        [property: MessagePack.Key(6)] long Amount,
        [property: MessagePack.Key(7)] long DeadlineMs,
        [property: MessagePack.Key(8)] long FirstTicketNumber,
        [property: MessagePack.Key(9)] RejectReason? RejectReason);
}
