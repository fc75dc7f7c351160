using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.Ops.Commands;

/// <summary>Which commands and decisions name an order.</summary>
public static class OrderHistory
{
    public static Guid? OrderOf(Command command) => command switch
    {
        Purchase c => c.OrderId,
        PaymentSucceeded c => c.OrderId,
        PaymentFailed c => c.OrderId,
        Cancel c => c.OrderId,
        _ => null,
    };

    public static Guid? OrderOf(Decision decision) => decision switch
    {
        OrderHeld d => d.OrderId,
        Rejected d when d.OrderId != Guid.Empty => d.OrderId,
        OrderConfirmed d => d.OrderId,
        OrderReleased d => d.OrderId,
        OrderExpired d => d.OrderId,
        OrderCancelled d => d.OrderId,
        RefundDue d => d.OrderId,
        _ => null,
    };
}

/// <summary>One line of an order's history: an input (<see cref="Decision"/> null) or a decision, with the input's time when known.</summary>
public sealed record OrderEvent(long InputSequence, long? TimestampMs, EngineInput? Input, Decision? Decision)
{
    /// <summary>Log order: an input, then the decisions it caused, by decision sequence.</summary>
    public (long, int, long) SortKey => (InputSequence, Decision is null ? 0 : 1, Decision?.Sequence ?? 0);
}
