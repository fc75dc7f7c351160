using System.ComponentModel;

namespace TicketBooking.Ingress.Orders;

/// <summary>
/// Body of <c>POST /api/sessions/{sessionId}/orders</c>: either <c>{"seats": [ids]}</c> (those seats) or
/// <c>{"count": n, "category": c}</c> (the best n adjacent seats of category c), which may add
/// <c>"accessible": true</c> (a block with at least one accessible seat; otherwise accessible and companion seats are
/// never picked) and <c>"fallback": "split"</c> (when no row holds the block, two adjacent rows of one section; the
/// default, <c>"reject"</c>, rejects the order instead). Either form may add <c>"promoCode"</c> (a code the engine
/// checks and counts) and <c>"points"</c> (loyalty points to spend, one per minor unit, capped at what is left to pay).
/// </summary>
public sealed record OrderRequest(
    int[]? Seats,
    int? Count,
    int? Category,
    [property: Description("With count and category: a block holding at least one accessible seat (otherwise accessible and companion seats are never picked).")]
    bool Accessible = false,
    [property: Description("With count and category, when no row holds the block: reject (the default) or split (two adjacent rows of one section).")]
    [property: DefaultValue(OrderRequest.RejectFallback)]
    string? Fallback = null,
    [property: Description("A promo code (any case); the engine applies it to the seats of its categories, or rejects the order with the reason.")]
    string? PromoCode = null,
    [property: Description("Loyalty points to spend (one per minor unit); the engine takes at most what is left to pay after the promo code.")]
    long? Points = null)
{
    /// <summary>The body's form, as a problem answering an unreadable one shows it.</summary>
    public const string Form = """{"seats": [ids]} or {"count": n, "category": c, "accessible": false, "fallback": "reject" | "split"}, either with "promoCode": "CODE" and "points": n""";

    /// <summary>More points than any order costs: a bound on bad input, not a business rule.</summary>
    public const long MaxPoints = 1_000_000_000_000;

    public const string RejectFallback = "reject";

    public const string SplitFallback = "split";
}

/// <summary>The answer to an accepted purchase: it is in the engine's input log and will be decided.</summary>
public sealed record OrderAccepted(Guid OrderId, string Status);

/// <summary>
/// What <c>GET /api/orders/{orderId}</c> shows. Status is one of pending, held, confirmed, rejected,
/// released, expired, cancelled; the other members are set where they apply. <see cref="Amount"/> is the money due,
/// <c>ListAmount - PromoDiscount - PointsSpent</c>; the three are shown where this instance saw the hold (an order read
/// from the projection has its amount only). <see cref="Reason"/> is the engine's code (SoldOut, PromoCodeUsedUp, ...)
/// or the payment's reason; <see cref="ReasonText"/> says it in words. <see cref="ExtensionsUsed"/> counts the hold's
/// extensions; <see cref="ExtensionsLeft"/> is how many more its session allows, for a held order of a session on sale.
/// </summary>
public sealed record OrderView(
    Guid OrderId,
    long SessionId,
    string Status,
    int[]? Seats = null,
    long? Amount = null,
    DateTimeOffset? HoldDeadline = null,
    IReadOnlyList<TicketView>? Tickets = null,
    string? Reason = null,
    long? ListAmount = null,
    long? PromoDiscount = null,
    long? PointsSpent = null,
    string? ReasonText = null,
    int ExtensionsUsed = 0,
    int? ExtensionsLeft = null);

/// <summary>
/// One issued ticket: its number within the session (unique there, given by the engine), its seat, and the
/// code a door scanner checks (see <see cref="TicketCodes"/>).
/// </summary>
public sealed record TicketView(long Number, int Seat, string Code);
