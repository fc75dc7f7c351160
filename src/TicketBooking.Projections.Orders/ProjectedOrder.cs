using TicketBooking.Engine.State;

namespace TicketBooking.Projections.Orders;

/// <summary>One row of <c>projections.orders</c>; <see cref="BuyerId"/> is 0 while only decisions after the first are known.</summary>
public sealed record ProjectedOrder(
    Guid OrderId,
    long SessionId,
    long BuyerId,
    OrderStatus Status,
    int[]? Seats,
    long? Amount,
    long? DeadlineMs,
    long? FirstTicketNumber,
    string? Reason);
