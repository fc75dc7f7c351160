namespace TicketBooking.Notifications;

/// <summary>
/// One order outcome told to its buyer. What a kind carries: confirmed the seats and the first ticket number (tickets
/// <c>FirstTicketNumber .. + Seats.Length - 1</c>) and the amount paid; released the seats and the reason; expired and
/// cancelled the seats; refunded the amount and the reason (a <c>RefundReason</c> name); rejected the reason (a
/// <c>RejectReason</c> name). <see cref="Position"/> is 0 until stored.
/// </summary>
public sealed record Notification(
    Guid Id,
    long BuyerId,
    Guid OrderId,
    long SessionId,
    NotificationKind Kind,
    int[]? Seats,
    long? FirstTicketNumber,
    long? Amount,
    string? Reason,
    int DecisionPartition,
    long DecisionSequence)
{
    public long Position { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Who bought an order and what its hold asked for: what outcome decisions do not carry.</summary>
public sealed record OrderOwner(Guid OrderId, long SessionId, long BuyerId, long? Amount);
