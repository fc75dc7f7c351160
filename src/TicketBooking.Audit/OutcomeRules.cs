using TicketBooking.Engine.Decisions;

namespace TicketBooking.Audit;

/// <summary>Which decisions are an input's own outcome: every non-tick input has exactly one.</summary>
public static class OutcomeRules
{
    /// <summary>
    /// All decisions are the own outcome of the input they name, except an <see cref="OrderExpired"/>
    /// (an expiry the input's time revealed) and the <see cref="RefundDue"/> (<see cref="RefundReason.Cancelled"/>)
    /// that follows its order's <see cref="OrderCancelled"/>.
    /// </summary>
    public static bool IsOwnOutcome(Decision decision, Decision? previous) => decision switch
    {
        OrderExpired => false,
        RefundDue { Reason: RefundReason.Cancelled } refund => previous is not OrderCancelled cancelled
            || cancelled.OrderId != refund.OrderId
            || cancelled.InputSequence != refund.InputSequence,
        _ => true,
    };
}
