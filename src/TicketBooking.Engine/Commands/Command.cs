using MessagePack;
using TicketBooking.Engine.Inventory;
using TicketBooking.Engine.Promotions;

namespace TicketBooking.Engine.Commands;

/// <summary>An input to the engine. Time is not part of a command: it comes with the <see cref="EngineInput"/>.</summary>
[Union(0, typeof(OpenSession))]
[Union(1, typeof(CloseSession))]
[Union(2, typeof(Purchase))]
[Union(3, typeof(PaymentSucceeded))]
[Union(4, typeof(PaymentFailed))]
[Union(5, typeof(Cancel))]
[Union(6, typeof(Tick))]
[Union(7, typeof(InputBatch))]
[Union(8, typeof(DefinePromoCode))]
[Union(9, typeof(ExtendHold))]
public abstract record Command;

/// <summary>
/// Puts a session on sale. Prices are in minor units (cents), indexed by seat category. <see cref="MaxHoldExtensions"/>
/// is how often a buyer may extend one hold (0: never); an optional key, so older inputs read as 0.
/// </summary>
[MessagePackObject]
public sealed record OpenSession(
    [property: Key(0)] long SessionId,
    [property: Key(1)] SessionLayout Layout,
    [property: Key(2)] long[] CategoryPrices,
    [property: Key(3)] long HoldTimeoutMs,
    [property: Key(4)] int MaxSeatsPerBuyer,
    [property: Key(5)] long ShowStartsAtMs,
    [property: Key(6)] int MaxHoldExtensions = 0) : Command;

/// <summary>Ends sales for a session; holds already made still settle.</summary>
[MessagePackObject]
public sealed record CloseSession([property: Key(0)] long SessionId) : Command;

/// <summary>
/// A buyer asks for seats: either the listed seat ids, or the best <c>Count</c> adjacent seats of one category.
/// <see cref="PromoCode"/> (null: none) and <see cref="PointsToSpend"/> (loyalty points, one per minor unit,
/// capped at what is left to pay) lower the price; both are optional keys, so older inputs read as without.
/// </summary>
[MessagePackObject]
public sealed record Purchase(
    [property: Key(0)] Guid OrderId,
    [property: Key(1)] long SessionId,
    [property: Key(2)] long BuyerId,
    [property: Key(3)] SeatRequest Seats,
    [property: Key(4)] string? PromoCode = null,
    [property: Key(5)] long PointsToSpend = 0) : Command;

[MessagePackObject]
public sealed record PaymentSucceeded([property: Key(0)] Guid OrderId, [property: Key(1)] long SessionId) : Command;

[MessagePackObject]
public sealed record PaymentFailed(
    [property: Key(0)] Guid OrderId,
    [property: Key(1)] long SessionId,
    [property: Key(2)] string Reason) : Command;

/// <summary>The buyer gives an order back: a hold is dropped, a paid order is refunded (before the show only).</summary>
[MessagePackObject]
public sealed record Cancel(
    [property: Key(0)] Guid OrderId,
    [property: Key(1)] long SessionId,
    [property: Key(2)] long BuyerId) : Command;

/// <summary>
/// The buyer asks for more time to pay a held order: the hold's timer restarts from the input's time, up to the
/// session's <see cref="OpenSession.MaxHoldExtensions"/> times per order.
/// </summary>
[MessagePackObject]
public sealed record ExtendHold(
    [property: Key(0)] Guid OrderId,
    [property: Key(1)] long SessionId,
    [property: Key(2)] long BuyerId) : Command;

/// <summary>Carries nothing but its input's time, so that holds expire while no buyer is active.</summary>
[MessagePackObject]
public sealed record Tick : Command
{
    public static readonly Tick Instance = new();
}

/// <summary>
/// Defines a promo code in this partition (the catalog sends one per partition its sessions are in). An id
/// defined before is refused, so a definition published again changes nothing.
/// </summary>
[MessagePackObject]
public sealed record DefinePromoCode([property: Key(0)] PromoCodeTerms Terms) : Command;

/// <summary>
/// Several commands of one partition in one log entry (group commit: the ingress packs the concurrent
/// requests of a partition into one message, answered by one PubAck). The engine handles them in order,
/// each with its own outcome, as if each were an entry of its own with the entry's sequence and time.
/// </summary>
[MessagePackObject]
public sealed record InputBatch([property: Key(0)] Command[] Commands) : Command
{
    /// <summary>Bounds a batch so that one log entry stays small next to the server's message size limit.</summary>
    public const int MaxCommands = 1024;
}

/// <summary>
/// Stands in for a log entry that could not be read as a command (bad bytes, or a session that does not
/// match its subject), so that it still gets its one outcome: a rejection. Never sent on the wire.
/// </summary>
public sealed record Unreadable(string Reason) : Command;
