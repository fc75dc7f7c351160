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
        await reader.FindAsync(orderId, cancellationToken).ConfigureAwait(false) is { } row ? RecordOf(row) : null;

    /// <summary>The buyer's held and confirmed orders of the session, as the projection has them.</summary>
    public async Task<IReadOnlyList<OrderRecord>> SeatHoldingOrdersAsync(long buyerId, long sessionId, CancellationToken cancellationToken) =>
        [.. (await reader.SeatHoldingOrdersAsync(buyerId, sessionId, cancellationToken).ConfigureAwait(false)).Select(RecordOf)];

    private static OrderRecord RecordOf(ProjectedOrder row) =>
        new(row.OrderId, row.SessionId, row.BuyerId, OrderRecord.StateOf(row.Status), row.Seats, row.Amount, row.DeadlineMs, row.FirstTicketNumber, row.Reason)
        {
            ExtensionsUsed = row.HoldExtensions,
        };
}
