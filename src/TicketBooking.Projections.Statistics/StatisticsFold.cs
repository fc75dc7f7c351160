using TicketBooking.Engine;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.Projections.Statistics;

/// <summary>
/// Folds decisions into changes of the statistics: per session tallies, per session and minute sales, and the orders
/// whose state moved. Pure: what it knows of earlier orders comes in through the constructor (their rows), time comes
/// with each decision (its batch's journal timestamp). Decisions it has no use for (rejections, closed sessions,
/// kinds it does not know) change nothing.
/// </summary>
public sealed class StatisticsFold
{
    private readonly Dictionary<Guid, TrackedOrder> _orders;
    private readonly HashSet<Guid> _changed = [];
    private readonly Dictionary<long, SessionTally> _sessions = [];
    private readonly Dictionary<(long SessionId, DateTime Minute), MinuteTally> _minutes = [];

    /// <param name="known">The stored orders that the decisions to fold may name (more do no harm).</param>
    public StatisticsFold(IReadOnlyDictionary<Guid, TrackedOrder>? known = null)
    {
        _orders = known is null ? [] : new Dictionary<Guid, TrackedOrder>(known);
    }

    public IReadOnlyDictionary<long, SessionTally> Sessions => _sessions;

    /// <summary>Keyed by session and the minute (UTC, seconds cut off) the confirmations were journaled in.</summary>
    public IReadOnlyDictionary<(long SessionId, DateTime Minute), MinuteTally> Minutes => _minutes;

    /// <summary>Orders new or changed since the fold began, as they now are.</summary>
    public IEnumerable<TrackedOrder> ChangedOrders => _changed.Select(orderId => _orders[orderId]);

    /// <summary>The order ids among <paramref name="decisions"/> that a fold needs stored rows for: those not held among them.</summary>
    public static IReadOnlySet<Guid> OrdersToLoad(IEnumerable<Decision?> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var held = new HashSet<Guid>();
        var named = new HashSet<Guid>();
        foreach (var decision in decisions)
        {
            switch (decision)
            {
                case OrderHeld orderHeld:
                    held.Add(orderHeld.OrderId);
                    break;
                case OrderConfirmed or OrderCancelled or OrderReleased or OrderExpired:
                    named.Add(OrderOf(decision));
                    break;
                default:
                    break;
            }
        }

        named.ExceptWith(held);
        return named;
    }

    /// <param name="decision">Null for a decision of a kind this version does not know: MessagePack reads an unknown union key as null.</param>
    /// <param name="journaledAt">When JetStream stored the decision's batch.</param>
    public void Apply(Decision? decision, DateTimeOffset journaledAt)
    {
        switch (decision)
        {
            case SessionOpened opened:
                TallyOf(opened.SessionId).Capacity = opened.Layout.SeatCount;
                break;
            case OrderHeld held when !_orders.ContainsKey(held.OrderId):
                Track(new TrackedOrder(held.OrderId, held.SessionId, held.Seats.Length, held.Amount, held.Discounts?.PromoDiscount ?? 0, held.PointsSpent, TrackedOrderState.Held));
                break;
            case OrderConfirmed confirmed when StateOf(confirmed.OrderId) == TrackedOrderState.Held:
                Confirm(_orders[confirmed.OrderId], journaledAt);
                break;
            case OrderCancelled cancelled when StateOf(cancelled.OrderId) == TrackedOrderState.Confirmed:
                var returned = _orders[cancelled.OrderId];
                TallyOf(returned.SessionId).TicketsReturned += returned.Seats;
                Track(returned with { State = TrackedOrderState.Returned });
                break;
            case OrderCancelled or OrderReleased or OrderExpired when StateOf(OrderOf(decision)) == TrackedOrderState.Held:
                Track(_orders[OrderOf(decision)] with { State = TrackedOrderState.Ended });
                break;
            case RefundDue refund when refund.Reason == RefundReason.Cancelled:
                TallyOf(refund.SessionId).Refunds += refund.Amount;
                break;
            case RefundDue refund:
                TallyOf(refund.SessionId).LatePaymentRefunds += refund.Amount;
                break;
            default:
                break;
        }
    }

    /// <summary>The minute <paramref name="at"/> falls in, as a UTC time.</summary>
    public static DateTime MinuteOf(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
    }

    private void Confirm(TrackedOrder order, DateTimeOffset journaledAt)
    {
        var tally = TallyOf(order.SessionId);
        tally.TicketsSold += order.Seats;
        tally.Gross += order.Amount;
        tally.PromoDiscounts += order.PromoDiscount;
        tally.PointsSpent += order.PointsSpent;
        var key = (order.SessionId, MinuteOf(journaledAt));
        if (!_minutes.TryGetValue(key, out var minute))
        {
            minute = new MinuteTally();
            _minutes.Add(key, minute);
        }

        minute.Tickets += order.Seats;
        minute.Amount += order.Amount;
        Track(order with { State = TrackedOrderState.Confirmed });
    }

    private TrackedOrderState? StateOf(Guid orderId) => _orders.TryGetValue(orderId, out var order) ? order.State : null;

    private void Track(TrackedOrder order)
    {
        _orders[order.OrderId] = order;
        _changed.Add(order.OrderId);
    }

    private SessionTally TallyOf(long sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var tally))
        {
            tally = new SessionTally();
            _sessions.Add(sessionId, tally);
        }

        return tally;
    }

    private static Guid OrderOf(Decision decision) => Concerning.OrderOf(decision) ?? Guid.Empty;
}
