using TicketBooking.Engine.Decisions;

namespace TicketBooking.Engine.State;

/// <summary>
/// An order the engine has answered. <see cref="CreatedSequence"/> is the decision that created it.
/// A value: the engine keeps its orders side by side in an <see cref="OrderDictionary"/> rather than one object each,
/// and replaces an order's value when a decision changes it.
/// </summary>
public readonly record struct Order
{
    public required Guid OrderId { get; init; }

    public required long SessionId { get; init; }

    public required long BuyerId { get; init; }

    public required long CreatedSequence { get; init; }

    public required OrderStatus Status { get; init; }

    public int[] Seats { get; init; } = [];

    public long Amount { get; init; }

    public long DeadlineMs { get; init; }

    /// <summary>How often the hold was extended; each extension moved <see cref="DeadlineMs"/>.</summary>
    public int ExtensionsUsed { get; init; }

    public long FirstTicketNumber { get; init; }

    public RejectReason? RejectReason { get; init; }

    /// <summary>The promo code the order was held with (0: none): its use is given back when the order frees its seats.</summary>
    public long PromoCodeId { get; init; }

    /// <summary>A RefundDue was decided for the order: it owes the buyer its one payment back, and a repeated payment changes nothing.</summary>
    public bool RefundOwed { get; init; }

    /// <summary>Whether the order's seats count against the session (held or sold).</summary>
    public bool OccupiesSeats => Status is OrderStatus.Held or OrderStatus.Confirmed;

    public Order()
    {
    }
}
