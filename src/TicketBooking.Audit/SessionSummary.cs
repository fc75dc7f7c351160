using TicketBooking.Engine.State;

namespace TicketBooking.Audit;

/// <summary>Seats by category and orders by status of one session, as an operator reads them.</summary>
public sealed record SessionSummary(
    long SessionId,
    bool Closed,
    IReadOnlyList<CategorySummary> Categories,
    IReadOnlyDictionary<OrderStatus, int> OrdersByStatus,
    long ConfirmedRevenue)
{
    /// <summary>One summary per session, by session id. Revenue is the amount of orders confirmed and not cancelled, in minor units.</summary>
    public static IReadOnlyList<SessionSummary> Of(EngineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var ordersBySession = state.Orders.Values.ToLookup(o => o.SessionId);
        return [.. state.Sessions.Values.OrderBy(s => s.SessionId).Select(session => Summarize(session, ordersBySession[session.SessionId]))];
    }

    private static SessionSummary Summarize(SessionState session, IEnumerable<Order> orders)
    {
        var categoryCount = session.Seats.CategoryCount;
        var held = new int[categoryCount];
        var sold = new int[categoryCount];
        var byStatus = new Dictionary<OrderStatus, int>();
        long revenue = 0;
        foreach (var order in orders)
        {
            byStatus[order.Status] = byStatus.GetValueOrDefault(order.Status) + 1;
            var counts = order.Status switch
            {
                OrderStatus.Held => held,
                OrderStatus.Confirmed => sold,
                _ => null,
            };
            if (counts is null)
            {
                continue;
            }

            foreach (var seat in order.Seats)
            {
                counts[session.Seats.CategoryOf(seat)]++;
            }

            if (order.Status == OrderStatus.Confirmed)
            {
                revenue += order.Amount;
            }
        }

        var categories = Enumerable.Range(0, categoryCount)
            .Select(c => new CategorySummary(c, held[c], sold[c], session.Seats.FreeSeats(c)))
            .ToArray();
        return new SessionSummary(session.SessionId, session.Closed, categories, byStatus, revenue);
    }
}
