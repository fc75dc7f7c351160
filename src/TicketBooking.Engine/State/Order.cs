using TicketBooking.Engine.Decisions;

namespace TicketBooking.Engine.State;

/// <summary>An order the engine has answered. <see cref="CreatedSequence"/> is the decision that created it.</summary>
public sealed class Order
{
    public required Guid OrderId { get; init; }

    public required long SessionId { get; init; }

    public required long BuyerId { get; init; }

    public required long CreatedSequence { get; init; }

    public required OrderStatus Status { get; set; }

    public int[] Seats { get; init; } = [];

    public long Amount { get; init; }

    public long DeadlineMs { get; init; }

    public long FirstTicketNumber { get; set; }

    public RejectReason? RejectReason { get; init; }

    /// <summary>A RefundDue was decided for the order: it owes the buyer its one payment back, and a repeated payment changes nothing.</summary>
    public bool RefundOwed { get; set; }

    /// <summary>Whether the order's seats count against the session (held or sold).</summary>
    public bool OccupiesSeats => Status is OrderStatus.Held or OrderStatus.Confirmed;
}
