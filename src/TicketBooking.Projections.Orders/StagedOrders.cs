using TicketBooking.Engine;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.State;

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

    public void Add(int partition, Decision? decision)
    {
        // A decision type newer than this build reads as null; it is none of an order's outcomes it knows.
        if (decision is null)
        {
            return;
        }

        // A repeated purchase gives no status, so it cannot overwrite the order's first outcome. An extension
        // leaves the order held, with a later deadline.
        if ((decision is HoldExtended ? OrderStatus.Held : OrderLifecycle.StatusAfter(decision)) is not { } status
            || Concerning.OrderOf(decision) is not { } orderId
            || Concerning.SessionOf(decision) is not { } sessionId)
        {
            return;
        }

        if (!_orders.TryGetValue(orderId, out var order))
        {
            order = new StagedOrder { OrderId = orderId, SessionId = sessionId };
            _orders.Add(orderId, order);
        }

        order.Partition = partition;
        order.Sequence = decision.Sequence;
        order.Status = status;
        switch (decision)
        {
            case OrderHeld held:
                order.BuyerId = held.BuyerId;
                order.Seats = held.Seats;
                order.Amount = held.Amount;
                order.DeadlineMs = held.DeadlineMs;
                break;
            case Rejected rejected:
                order.BuyerId = rejected.BuyerId;
                order.Reason = rejected.Reason.ToString();
                break;
            case OrderConfirmed confirmed:
                order.Seats = confirmed.Seats;
                order.FirstTicketNumber = confirmed.FirstTicketNumber;
                break;
            case OrderReleased released:
                order.Reason = released.Reason;
                break;
            case HoldExtended extended:
                order.DeadlineMs = extended.NewDeadlineMs;
                order.HoldExtensions = extended.ExtensionsUsed;
                break;
            default:
                break;
        }
    }

    internal sealed class StagedOrder
    {
        public required Guid OrderId { get; init; }

        public required long SessionId { get; init; }

        public long? BuyerId { get; set; }

        public OrderStatus Status { get; set; }

        public int[]? Seats { get; set; }

        public long? Amount { get; set; }

        public long? DeadlineMs { get; set; }

        public int? HoldExtensions { get; set; }

        public long? FirstTicketNumber { get; set; }

        public string? Reason { get; set; }

        public int Partition { get; set; }

        public long Sequence { get; set; }
    }
}
