using TicketBooking.Engine.Decisions;

namespace TicketBooking.Projections.Orders;

/// <summary>
/// Decisions folded per order in memory before they are written: what each order's row becomes. Fields left
/// null keep what the row has (a <c>Confirmed</c> does not carry the buyer, for one).
/// </summary>
internal sealed class StagedOrders
{
    private readonly Dictionary<Guid, StagedOrder> _orders = [];

    public int Count => _orders.Count;

    public IEnumerable<StagedOrder> Orders => _orders.Values;

    public void Add(int partition, Decision decision)
    {
        (Guid OrderId, long SessionId)? target = decision switch
        {
            OrderHeld held => (held.OrderId, held.SessionId),
            // A duplicate purchase must not overwrite the order's first outcome.
            Rejected { Command: CommandKind.Purchase, Reason: not RejectReason.DuplicateOrder } rejected => (rejected.OrderId, rejected.SessionId),
            OrderConfirmed confirmed => (confirmed.OrderId, confirmed.SessionId),
            OrderReleased released => (released.OrderId, released.SessionId),
            OrderExpired expired => (expired.OrderId, expired.SessionId),
            OrderCancelled cancelled => (cancelled.OrderId, cancelled.SessionId),
            _ => null,
        };
        if (target is not { } key)
        {
            return;
        }

        if (!_orders.TryGetValue(key.OrderId, out var order))
        {
            order = new StagedOrder { OrderId = key.OrderId, SessionId = key.SessionId };
            _orders.Add(key.OrderId, order);
        }

        order.Partition = partition;
        order.Sequence = decision.Sequence;
        switch (decision)
        {
            case OrderHeld held:
                order.Status = ProjectedOrderStatus.Held;
                order.BuyerId = held.BuyerId;
                order.Seats = held.Seats;
                order.Amount = held.Amount;
                order.DeadlineMs = held.DeadlineMs;
                break;
            case Rejected rejected:
                order.Status = ProjectedOrderStatus.Rejected;
                order.BuyerId = rejected.BuyerId;
                order.Reason = rejected.Reason.ToString();
                break;
            case OrderConfirmed confirmed:
                order.Status = ProjectedOrderStatus.Confirmed;
                order.Seats = confirmed.Seats;
                order.FirstTicketNumber = confirmed.FirstTicketNumber;
                break;
            case OrderReleased released:
                order.Status = ProjectedOrderStatus.Released;
                order.Reason = released.Reason;
                break;
            case OrderExpired:
                order.Status = ProjectedOrderStatus.Expired;
                break;
            default:
                order.Status = ProjectedOrderStatus.Cancelled;
                break;
        }
    }

    internal sealed class StagedOrder
    {
        public required Guid OrderId { get; init; }

        public required long SessionId { get; init; }

        public long? BuyerId { get; set; }

        public ProjectedOrderStatus Status { get; set; }

        public int[]? Seats { get; set; }

        public long? Amount { get; set; }

        public long? DeadlineMs { get; set; }

        public long? FirstTicketNumber { get; set; }

        public string? Reason { get; set; }

        public int Partition { get; set; }

        public long Sequence { get; set; }
    }
}
