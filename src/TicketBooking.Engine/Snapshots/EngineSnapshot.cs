using MessagePack;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;
using TicketBooking.Engine.Promotions;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Snapshots;

/// <summary>
/// The serialized form of <see cref="EngineState"/>. Seat bitmaps, per-buyer counts and the hold
/// queue are not stored: they follow from the orders and are rebuilt on restore. So do the promo codes' use counts
/// (from the live orders' <see cref="OrderSnapshot.PromoCodeId"/>); their terms are stored, in id order.
/// </summary>
[MessagePackObject]
public sealed record EngineSnapshot(
    [property: Key(0)] int FormatVersion,
    [property: Key(1)] long LastDecisionSequence,
    [property: Key(2)] long LastInputSequence,
    [property: Key(3)] IReadOnlyList<SessionSnapshot> Sessions,
    [property: Key(4)] IReadOnlyList<OrderSnapshot> Orders,
    // Added after format 1 shipped, as RefundOwed was: a snapshot without it has no promo codes.
    [property: Key(5)] IReadOnlyList<PromoCodeTerms>? PromoCodes = null);

[MessagePackObject]
public sealed record SessionSnapshot(
    [property: Key(0)] long SessionId,
    [property: Key(1)] SessionLayout Layout,
    [property: Key(2)] long[] CategoryPrices,
    [property: Key(3)] long HoldTimeoutMs,
    [property: Key(4)] int MaxSeatsPerBuyer,
    [property: Key(5)] long ShowStartsAtMs,
    [property: Key(6)] bool Closed,
    [property: Key(7)] long NextTicketNumber,
    // Added after format 1 shipped: a snapshot without it reads as 0 (no extensions).
    [property: Key(8)] int MaxHoldExtensions = 0);

[MessagePackObject]
public sealed record OrderSnapshot(
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
    // Added after format 1 shipped: a snapshot without it reads as false (MessagePack leaves missing keys at their default).
    [property: Key(10)] bool RefundOwed = false,
    [property: Key(11)] long PromoCodeId = 0,
    [property: Key(12)] int ExtensionsUsed = 0);
