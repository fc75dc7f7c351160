using TicketBooking.Engine.State;

namespace TicketBooking.Projections.Orders;

/// <summary>
/// One row of <c>projections.orders</c>; <see cref="BuyerId"/> is 0 while only decisions after the first are known.
/// <see cref="HoldExtensions"/> counts the hold's extensions (0 for none, and on rows projected before they existed).
/// </summary>
public sealed record ProjectedOrder(
    Guid OrderId,
    long SessionId,
    long BuyerId,
    OrderStatus Status,
    int[]? Seats,
    long? Amount,
    long? DeadlineMs,
    long? FirstTicketNumber,
    string? Reason,
    int HoldExtensions = 0);
