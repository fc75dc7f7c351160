using MessagePack;
using TicketBooking.Engine.Inventory;
using TicketBooking.Engine.Promotions;

namespace TicketBooking.Engine.Decisions;

/// <summary>
/// What the engine decided. <see cref="Sequence"/> numbers a partition's decisions without gaps;
/// <see cref="InputSequence"/> is the input that caused it. The engine's state is the fold of its decisions.
/// </summary>
[Union(0, typeof(SessionOpened))]
[Union(1, typeof(SessionClosed))]
[Union(2, typeof(OrderHeld))]
[Union(3, typeof(Rejected))]
[Union(4, typeof(OrderConfirmed))]
[Union(5, typeof(OrderReleased))]
[Union(6, typeof(OrderExpired))]
[Union(7, typeof(OrderCancelled))]
[Union(8, typeof(RefundDue))]
[Union(9, typeof(PromoCodeDefined))]
[Union(10, typeof(HoldExtended))]
public abstract record Decision([property: Key(0)] long Sequence, [property: Key(1)] long InputSequence);

[MessagePackObject]
public sealed record SessionOpened(
    long Sequence,
    long InputSequence,
    [property: Key(2)] long SessionId,
    [property: Key(3)] SessionLayout Layout,
    [property: Key(4)] long[] CategoryPrices,
    [property: Key(5)] long HoldTimeoutMs,
    [property: Key(6)] int MaxSeatsPerBuyer,
    [property: Key(7)] long ShowStartsAtMs,
    [property: Key(8)] int MaxHoldExtensions = 0) : Decision(Sequence, InputSequence);

[MessagePackObject]
public sealed record SessionClosed(long Sequence, long InputSequence, [property: Key(2)] long SessionId)
    : Decision(Sequence, InputSequence);

/// <summary>
/// Seats are held for the order until <see cref="DeadlineMs"/>, awaiting payment of <see cref="Amount"/>.
/// <see cref="Discounts"/> is null when the order pays its list price (journals written before discounts read so too).
/// </summary>
[MessagePackObject]
public sealed record OrderHeld(
    long Sequence,
    long InputSequence,
    [property: Key(2)] Guid OrderId,
    [property: Key(3)] long SessionId,
    [property: Key(4)] long BuyerId,
    [property: Key(5)] int[] Seats,
    [property: Key(6)] long Amount,
    [property: Key(7)] long DeadlineMs,
    [property: Key(8)] OrderDiscounts? Discounts = null) : Decision(Sequence, InputSequence)
{
    /// <summary>Loyalty points the wallet takes together with <see cref="Amount"/>.</summary>
    [IgnoreMember]
    public long PointsSpent => Discounts?.PointsSpent ?? 0;

    /// <summary>The price before any discount.</summary>
    [IgnoreMember]
    public long ListAmount => Discounts?.ListAmount ?? Amount;
}

/// <summary>
/// A command was refused and changed nothing. For a purchase the order is final as rejected,
/// except when the reason is <see cref="RejectReason.DuplicateOrder"/>: then the order keeps its first outcome.
/// </summary>
[MessagePackObject]
public sealed record Rejected(
    long Sequence,
    long InputSequence,
    [property: Key(2)] CommandKind Command,
    [property: Key(3)] Guid OrderId,
    [property: Key(4)] long SessionId,
    [property: Key(5)] long BuyerId,
    [property: Key(6)] RejectReason Reason) : Decision(Sequence, InputSequence);

/// <summary>Paid: tickets <c>FirstTicketNumber .. FirstTicketNumber + Seats.Length - 1</c> of the session are issued.</summary>
[MessagePackObject]
public sealed record OrderConfirmed(
    long Sequence,
    long InputSequence,
    [property: Key(2)] Guid OrderId,
    [property: Key(3)] long SessionId,
    [property: Key(4)] int[] Seats,
    [property: Key(5)] long FirstTicketNumber) : Decision(Sequence, InputSequence);

/// <summary>The payment failed; the seats are free again.</summary>
[MessagePackObject]
public sealed record OrderReleased(
    long Sequence,
    long InputSequence,
    [property: Key(2)] Guid OrderId,
    [property: Key(3)] long SessionId,
    [property: Key(4)] int[] Seats,
    [property: Key(5)] string Reason) : Decision(Sequence, InputSequence);

/// <summary>The hold's deadline passed unpaid; the seats are free again.</summary>
[MessagePackObject]
public sealed record OrderExpired(
    long Sequence,
    long InputSequence,
    [property: Key(2)] Guid OrderId,
    [property: Key(3)] long SessionId,
    [property: Key(4)] int[] Seats) : Decision(Sequence, InputSequence);

/// <summary>The buyer cancelled; the seats are free again. A paid order is followed by <see cref="RefundDue"/>.</summary>
[MessagePackObject]
public sealed record OrderCancelled(
    long Sequence,
    long InputSequence,
    [property: Key(2)] Guid OrderId,
    [property: Key(3)] long SessionId,
    [property: Key(4)] int[] Seats) : Decision(Sequence, InputSequence);

/// <summary>Money taken for the order must go back to the buyer.</summary>
[MessagePackObject]
public sealed record RefundDue(
    long Sequence,
    long InputSequence,
    [property: Key(2)] Guid OrderId,
    [property: Key(3)] long SessionId,
    [property: Key(4)] long BuyerId,
    [property: Key(5)] long Amount,
    [property: Key(6)] RefundReason Reason) : Decision(Sequence, InputSequence);

/// <summary>A promo code can be used in this partition from now on, on the terms given.</summary>
[MessagePackObject]
public sealed record PromoCodeDefined(long Sequence, long InputSequence, [property: Key(2)] PromoCodeTerms Terms)
    : Decision(Sequence, InputSequence);

/// <summary>
/// The buyer extended a held order: it stays held until <see cref="NewDeadlineMs"/>, and this was its
/// <see cref="ExtensionsUsed"/>-th extension.
/// </summary>
[MessagePackObject]
public sealed record HoldExtended(
    long Sequence,
    long InputSequence,
    [property: Key(2)] Guid OrderId,
    [property: Key(3)] long SessionId,
    [property: Key(4)] long NewDeadlineMs,
    [property: Key(5)] int ExtensionsUsed) : Decision(Sequence, InputSequence);
