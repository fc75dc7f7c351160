using MessagePack;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Tests;

/// <summary>Snapshots written before promo codes still restore: no codes, and orders held without one.</summary>
public sealed class SnapshotVersioningTests
{
    [Fact]
    public void A_snapshot_written_before_promo_codes_restores_without_codes()
    {
        var h = new EngineHarness();
        h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(1, 4)));
        var held = h.Hold(1, 9, 0, 1);
        var current = SnapshotCodec.Capture(h.Engine.State);
        var legacy = new LegacyEngineSnapshot(
            current.FormatVersion,
            current.LastDecisionSequence,
            current.LastInputSequence,
            current.Sessions,
            [.. current.Orders.Select(o => new LegacyOrderSnapshot(o.OrderId, o.SessionId, o.BuyerId, o.CreatedSequence, o.Status, o.Seats, o.Amount, o.DeadlineMs, o.FirstTicketNumber, o.RejectReason, o.RefundOwed))]);
        var bytes = MessagePackSerializer.Serialize(legacy, MessagePackSerializerOptions.Standard.WithCompression(MessagePackCompression.Lz4BlockArray));

        var restored = SnapshotCodec.Deserialize(bytes);

        Assert.Empty(restored.PromoCodes);
        Assert.Equal(0, restored.Orders[held.OrderId].PromoCodeId);
        InvariantChecks.AssertSameState(h.Engine.State, restored);
    }
}

/// <summary>EngineSnapshot as written before promo codes.</summary>
[MessagePackObject]
public sealed record LegacyEngineSnapshot(
    [property: Key(0)] int FormatVersion,
    [property: Key(1)] long LastDecisionSequence,
    [property: Key(2)] long LastInputSequence,
    [property: Key(3)] IReadOnlyList<SessionSnapshot> Sessions,
    [property: Key(4)] IReadOnlyList<LegacyOrderSnapshot> Orders);

/// <summary>OrderSnapshot as written before promo codes.</summary>
[MessagePackObject]
public sealed record LegacyOrderSnapshot(
    [property: Key(0)] Guid OrderId,
    [property: Key(1)] long SessionId,
    [property: Key(2)] long BuyerId,
    [property: Key(3)] long CreatedSequence,
    [property: Key(4)] OrderStatus Status,
    [property: Key(5)] int[] Seats,
    [property: Key(6)] long Amount,
    [property: Key(7)] long DeadlineMs,
    [property: Key(8)] long FirstTicketNumber,
    [property: Key(9)] RejectReason? RejectReason,
    [property: Key(10)] bool RefundOwed);
