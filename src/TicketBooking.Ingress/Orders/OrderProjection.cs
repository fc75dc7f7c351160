using TicketBooking.Projections.Orders;

namespace TicketBooking.Ingress.Orders;

/// <summary>
/// Orders this instance does not hold in memory, read from the PostgreSQL order projection that the
/// projections worker writes (<see cref="OrderProjectionReader"/>), as the ingress's <see cref="OrderRecord"/>.
/// </summary>
public sealed class OrderProjection(OrderProjectionReader reader)
{
    /// <summary>The order as the projection has it, or null when it has no row.</summary>
    public async Task<OrderRecord?> FindAsync(Guid orderId, CancellationToken cancellationToken) =>
        await reader.FindAsync(orderId, cancellationToken).ConfigureAwait(false) is { } row
            ? new OrderRecord(row.OrderId, row.SessionId, row.BuyerId, OrderRecord.StateOf(row.Status), row.Seats, row.Amount, row.DeadlineMs, row.FirstTicketNumber, row.Reason)
            : null;
}
