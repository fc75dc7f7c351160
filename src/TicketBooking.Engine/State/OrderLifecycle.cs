using TicketBooking.Engine.Decisions;

namespace TicketBooking.Engine.State;

/// <summary>
/// The fold from decisions to an order's status, for everyone who follows the journal: an order's status is
/// the one its latest decision with an answer from <see cref="StatusAfter"/> gave it. The order is the one
/// <see cref="Concerning.OrderOf(Decision)"/> names.
/// </summary>
public static class OrderLifecycle
{
    /// <summary>
    /// Whether a rejection makes its order, final as rejected: a purchase's does, except a
    /// <see cref="RejectReason.DuplicateOrder"/>, after which the order keeps its first outcome.
    /// </summary>
    public static bool CreatesOrder(Rejected rejected) =>
        rejected is { Command: CommandKind.Purchase } && !IsRepeatedPurchase(rejected);

    /// <summary>Whether the decision answers a purchase whose order id was decided before: it changes no order.</summary>
    public static bool IsRepeatedPurchase(Decision decision) =>
        decision is Rejected { Command: CommandKind.Purchase, Reason: RejectReason.DuplicateOrder };

    /// <summary>
    /// The status the decision gives its order, or null when it gives none: session and promo code decisions, a
    /// <see cref="RefundDue"/> and a <see cref="HoldExtended"/> (the order stays what it was) and the rejections that make no order.
    /// </summary>
    public static OrderStatus? StatusAfter(Decision decision) => decision switch
    {
        OrderHeld => OrderStatus.Held,
        Rejected rejected => CreatesOrder(rejected) ? OrderStatus.Rejected : null,
        OrderConfirmed => OrderStatus.Confirmed,
        OrderReleased => OrderStatus.Released,
        OrderExpired => OrderStatus.Expired,
        OrderCancelled => OrderStatus.Cancelled,
        SessionOpened or SessionClosed or RefundDue or PromoCodeDefined or HoldExtended => null,
        _ => throw Unknown(decision),
    };

    /// <summary>
    /// Whether the decision may find its order in <paramref name="status"/>. Only the decisions that settle an
    /// order are bound: confirming, releasing, expiring and extending take a held order, cancelling a held or a
    /// confirmed one. Any other decision may find its order in any status.
    /// </summary>
    public static bool Allows(OrderStatus status, Decision decision) => decision switch
    {
        OrderConfirmed or OrderReleased or OrderExpired or HoldExtended => status == OrderStatus.Held,
        OrderCancelled => status is OrderStatus.Held or OrderStatus.Confirmed,
        SessionOpened or SessionClosed or OrderHeld or Rejected or RefundDue or PromoCodeDefined => true,
        _ => throw Unknown(decision),
    };

    private static ArgumentException Unknown(Decision? decision) => decision is null
        ? new ArgumentNullException(nameof(decision))
        : new ArgumentException($"{decision.GetType().Name} is a kind with no answer here yet.", nameof(decision));
}
