namespace TicketBooking.Projections.Orders;

/// <summary>What <c>projections.orders</c> says of a decided order.</summary>
public enum ProjectedOrderStatus
{
    Held,
    Confirmed,
    Rejected,
    Released,
    Expired,
    Cancelled,
}

/// <summary>One row of <c>projections.orders</c>; <see cref="BuyerId"/> is 0 while only decisions after the first are known.</summary>
public sealed record ProjectedOrder(
    Guid OrderId,
    long SessionId,
    long BuyerId,
    ProjectedOrderStatus Status,
    int[]? Seats,
    long? Amount,
    long? DeadlineMs,
    long? FirstTicketNumber,
    string? Reason);
