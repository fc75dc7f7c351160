using TicketBooking.Engine.Decisions;

namespace TicketBooking.Engine.State;

/// <summary>
/// Everything a partition knows, changed only by <see cref="Apply"/>. The engine decides and then
/// applies its own decisions, so folding the journal rebuilds exactly the live state.
/// </summary>
public sealed class EngineState
{
    private readonly Dictionary<long, SessionState> _sessions = [];
    private readonly Dictionary<Guid, Order> _orders = [];

    // Holds by (deadline, creating decision): a total order, so expiry order never depends on the heap's history.
    private readonly PriorityQueue<Order, (long DeadlineMs, long Sequence)> _holdsByDeadline = new();

    public long LastDecisionSequence { get; private set; }

    public long LastInputSequence { get; private set; }

    public IReadOnlyDictionary<long, SessionState> Sessions => _sessions;

    public IReadOnlyDictionary<Guid, Order> Orders => _orders;

    /// <summary>Orders held and awaiting payment: while there are any, the host must keep time moving with ticks.</summary>
    public int PendingHolds { get; private set; }

    public SessionState? FindSession(long sessionId) => _sessions.GetValueOrDefault(sessionId);

    public Order? FindOrder(Guid orderId) => _orders.GetValueOrDefault(orderId);

    /// <summary>The next held order whose deadline is at or before <paramref name="nowMs"/>, if any.</summary>
    public Order? NextExpiredHold(long nowMs)
    {
        while (_holdsByDeadline.TryPeek(out var order, out var key))
        {
            if (order.Status != OrderStatus.Held)
            {
                _holdsByDeadline.Dequeue();
                continue;
            }

            return key.DeadlineMs <= nowMs ? order : null;
        }

        return null;
    }

    /// <summary>Records that an input was handled, including one (a tick) that decided nothing.</summary>
    public void MarkInputApplied(long inputSequence) => LastInputSequence = inputSequence;

    public void Apply(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Sequence != LastDecisionSequence + 1)
        {
            throw new InvalidOperationException(
                $"Decision {decision.Sequence} does not follow {LastDecisionSequence}: the journal has a gap or a repeat.");
        }

        switch (decision)
        {
            case SessionOpened opened:
                _sessions.Add(opened.SessionId, new SessionState(
                    opened.SessionId,
                    opened.Layout,
                    opened.CategoryPrices,
                    opened.HoldTimeoutMs,
                    opened.MaxSeatsPerBuyer,
                    opened.ShowStartsAtMs));
                break;
            case SessionClosed closed:
                _sessions[closed.SessionId].Closed = true;
                break;
            case OrderHeld held:
                AddHold(held);
                break;
            case Rejected { Command: CommandKind.Purchase, Reason: not RejectReason.DuplicateOrder } rejected:
                _orders.Add(rejected.OrderId, new Order
                {
                    OrderId = rejected.OrderId,
                    SessionId = rejected.SessionId,
                    BuyerId = rejected.BuyerId,
                    CreatedSequence = rejected.Sequence,
                    Status = OrderStatus.Rejected,
                    RejectReason = rejected.Reason,
                });
                break;
            case Rejected:
                break;
            case RefundDue due:
                _orders[due.OrderId].RefundOwed = true;
                break;
            case OrderConfirmed confirmed:
                Confirm(confirmed);
                break;
            case OrderReleased released:
                Vacate(released.OrderId, OrderStatus.Released);
                break;
            case OrderExpired expired:
                Vacate(expired.OrderId, OrderStatus.Expired);
                break;
            case OrderCancelled cancelled:
                Vacate(cancelled.OrderId, OrderStatus.Cancelled);
                break;
            default:
                throw new InvalidOperationException($"Unknown decision {decision.GetType().Name}.");
        }

        LastDecisionSequence = decision.Sequence;
        LastInputSequence = Math.Max(LastInputSequence, decision.InputSequence);
    }

    internal void Restore(long lastDecisionSequence, long lastInputSequence)
    {
        LastDecisionSequence = lastDecisionSequence;
        LastInputSequence = lastInputSequence;
    }

    internal void RestoreSession(SessionState session) => _sessions.Add(session.SessionId, session);

    internal void RestoreOrder(Order order)
    {
        _orders.Add(order.OrderId, order);
        if (order.OccupiesSeats)
        {
            _sessions[order.SessionId].Occupy(order);
        }

        if (order.Status == OrderStatus.Held)
        {
            _holdsByDeadline.Enqueue(order, (order.DeadlineMs, order.CreatedSequence));
            PendingHolds++;
        }
    }

    private void AddHold(OrderHeld held)
    {
        var order = new Order
        {
            OrderId = held.OrderId,
            SessionId = held.SessionId,
            BuyerId = held.BuyerId,
            CreatedSequence = held.Sequence,
            Status = OrderStatus.Held,
            Seats = held.Seats,
            Amount = held.Amount,
            DeadlineMs = held.DeadlineMs,
        };
        _orders.Add(order.OrderId, order);
        _sessions[order.SessionId].Occupy(order);
        _holdsByDeadline.Enqueue(order, (order.DeadlineMs, order.CreatedSequence));
        PendingHolds++;
    }

    private void Confirm(OrderConfirmed confirmed)
    {
        var order = _orders[confirmed.OrderId];
        order.Status = OrderStatus.Confirmed;
        PendingHolds--;
        order.FirstTicketNumber = confirmed.FirstTicketNumber;
        var session = _sessions[order.SessionId];
        session.NextTicketNumber = confirmed.FirstTicketNumber + order.Seats.Length;
    }

    private void Vacate(Guid orderId, OrderStatus status)
    {
        var order = _orders[orderId];
        _sessions[order.SessionId].Vacate(order);
        if (order.Status == OrderStatus.Held)
        {
            PendingHolds--;
        }

        order.Status = status;
    }
}
