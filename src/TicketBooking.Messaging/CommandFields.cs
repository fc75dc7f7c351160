using TicketBooking.Engine.Commands;

namespace TicketBooking.Messaging;

/// <summary>
/// The fields of a command that the engine takes as given: an order id, a buyer, a seat request, a reason. A
/// command read from the log without them is not decided but <see cref="Unreadable"/>, because the engine would
/// otherwise fail on it (and stop the partition) or record an order nobody can own. What the engine checks
/// itself (seat counts, seat ids, categories, a session's layout and prices) it answers with a rejection that
/// names the order, which tells the buyer more, so it is left to the engine.
/// </summary>
internal static class CommandFields
{
    /// <summary>Why the engine cannot use <paramref name="command"/>, or null when it can.</summary>
    public static string? ProblemOf(Command command) => command switch
    {
        Purchase { OrderId: var order } when order == Guid.Empty => "A purchase without an order id.",
        Purchase { BuyerId: <= 0 } purchase => $"A purchase by buyer {purchase.BuyerId}.",
        Purchase { Seats: null } => "A purchase without a seat request.",
        Cancel { OrderId: var order } when order == Guid.Empty => "A cancellation without an order id.",
        Cancel { BuyerId: <= 0 } cancel => $"A cancellation by buyer {cancel.BuyerId}.",
        ExtendHold { OrderId: var order } when order == Guid.Empty => "A hold extension without an order id.",
        ExtendHold { BuyerId: <= 0 } extend => $"A hold extension by buyer {extend.BuyerId}.",
        PaymentSucceeded { OrderId: var order } when order == Guid.Empty => "A payment without an order id.",
        PaymentFailed { OrderId: var order } when order == Guid.Empty => "A failed payment without an order id.",
        PaymentFailed { Reason: null } => "A failed payment without a reason.",
        DefinePromoCode { Terms: null } => "A promo code definition without terms.",
        _ => null,
    };
}
