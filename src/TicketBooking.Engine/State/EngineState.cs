using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Promotions;

namespace TicketBooking.Engine.State;

/// <summary>
/// Everything a partition knows, changed only by <see cref="Apply"/>. The engine decides and then
/// applies its own decisions, so folding the journal rebuilds exactly the live state.
/// </summary>
public sealed class EngineState
{
    private readonly Dictionary<long, SessionState> _sessions = [];
    private readonly OrderDictionary _orders = new();
    private readonly HoldQueue _holdsByDeadline;
    private readonly Dictionary<long, PromoCodeState> _promoCodes = [];
    private readonly Dictionary<string, PromoCodeState> _promoCodesByText = new(StringComparer.Ordinal);

    public EngineState()
    {
        _holdsByDeadline = new HoldQueue(_orders);
    }

    public long LastDecisionSequence { get; private set; }

    public long LastInputSequence { get; private set; }

    public IReadOnlyDictionary<long, SessionState> Sessions => _sessions;

    public OrderDictionary Orders => _orders;

    /// <summary>Orders held and awaiting payment: while there are any, the host must keep time moving with ticks.</summary>
    public int PendingHolds { get; private set; }

    /// <summary>The promo codes defined in the partition, by id.</summary>
    public IReadOnlyDictionary<long, PromoCodeState> PromoCodes => _promoCodes;

    public SessionState? FindSession(long sessionId) => _sessions.GetValueOrDefault(sessionId);

    /// <summary>The promo code whose normalized text is <paramref name="code"/>, or null.</summary>
    public PromoCodeState? FindPromoCode(string code) => _promoCodesByText.GetValueOrDefault(code);

    public Order? FindOrder(Guid orderId) => _orders.TryGetValue(orderId, out var order) ? order : null;

    /// <summary>The position in <see cref="Orders"/> of the next held order whose deadline is at or before <paramref name="nowMs"/>, or -1.</summary>
    public int NextExpiredHold(long nowMs) =>
        _holdsByDeadline.TryPeek(out var position) && _orders.At(position).DeadlineMs <= nowMs ? position : -1;

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
                    opened.ShowStartsAtMs,
                    opened.MaxHoldExtensions));
                break;
            case SessionClosed closed:
                _sessions[closed.SessionId].Closed = true;
                break;
            case OrderHeld held:
                AddHold(held);
                break;
            case Rejected rejected when OrderLifecycle.CreatesOrder(rejected):
                _orders.Add(new Order
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
            case PromoCodeDefined defined:
                RestorePromoCode(defined.Terms);
                break;
            case RefundDue due:
                var owing = _orders.PositionOfKnown(due.OrderId);
                _orders.Replace(owing, _orders.At(owing) with { RefundOwed = true });
                break;
            case OrderConfirmed confirmed:
                Confirm(confirmed);
                break;
            case HoldExtended extended:
                Extend(extended);
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

    internal void RestorePromoCode(PromoCodeTerms terms)
    {
        var promoCode = new PromoCodeState(terms);
        _promoCodes.Add(terms.PromoCodeId, promoCode);
        _promoCodesByText.Add(terms.Code, promoCode);
    }

    internal void RestoreOrder(in Order order)
    {
        var position = _orders.Add(order);
        if (order.OccupiesSeats)
        {
            _sessions[order.SessionId].Occupy(order.BuyerId, order.Seats);
            TakePromoCodeUse(order);
        }

        if (order.Status == OrderStatus.Held)
        {
            _holdsByDeadline.Enqueue(position);
            PendingHolds++;
        }
    }

    private void AddHold(OrderHeld held)
    {
        var position = _orders.Add(new Order
        {
            OrderId = held.OrderId,
            SessionId = held.SessionId,
            BuyerId = held.BuyerId,
            CreatedSequence = held.Sequence,
            Status = OrderStatus.Held,
            Seats = held.Seats,
            Amount = held.Amount,
            DeadlineMs = held.DeadlineMs,
            PromoCodeId = held.Discounts?.PromoCodeId ?? 0,
        });
        _sessions[held.SessionId].Occupy(held.BuyerId, held.Seats);
        TakePromoCodeUse(_orders.At(position));
        _holdsByDeadline.Enqueue(position);
        PendingHolds++;
    }

    private void Confirm(OrderConfirmed confirmed)
    {
        var position = _orders.PositionOfKnown(confirmed.OrderId);
        var order = _orders.At(position);
        _orders.Replace(position, order with { Status = OrderStatus.Confirmed, FirstTicketNumber = confirmed.FirstTicketNumber });
        PendingHolds--;
        _sessions[order.SessionId].NextTicketNumber = confirmed.FirstTicketNumber + order.Seats.Length;
    }

    private void Extend(HoldExtended extended)
    {
        var position = _orders.PositionOfKnown(extended.OrderId);
        _orders.Replace(position, _orders.At(position) with { DeadlineMs = extended.NewDeadlineMs, ExtensionsUsed = extended.ExtensionsUsed });
        _holdsByDeadline.Enqueue(position);
    }

    private void Vacate(Guid orderId, OrderStatus status)
    {
        var position = _orders.PositionOfKnown(orderId);
        var order = _orders.At(position);
        _sessions[order.SessionId].Vacate(order.BuyerId, order.Seats);
        if (order.PromoCodeId != 0)
        {
            _promoCodes[order.PromoCodeId].GiveBack(order.BuyerId);
        }

        if (order.Status == OrderStatus.Held)
        {
            PendingHolds--;
        }

        _orders.Replace(position, order with { Status = status });
    }

    private void TakePromoCodeUse(in Order order)
    {
        if (order.PromoCodeId != 0)
        {
            _promoCodes[order.PromoCodeId].Take(order.BuyerId);
        }
    }
}
