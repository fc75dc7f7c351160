using System.Threading.Channels;
using TicketBooking.Engine;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.State;

namespace TicketBooking.Ingress.Orders;

/// <summary>
/// Recent orders' status, folded from the decision journal (all partitions) plus the orders this instance
/// accepted and has no decision for yet (pending). Bounded: the oldest orders are forgotten first, and a
/// forgotten order is read from the PostgreSQL projection (<see cref="OrderProjection"/>).
/// </summary>
public sealed class OrderStatusCache(int capacity)
{
    private readonly Dictionary<Guid, OrderRecord> _orders = [];
    private readonly Queue<Guid> _age = new();
    private readonly Dictionary<Guid, Watch> _watches = [];
    private readonly Dictionary<long, List<Channel<OrderRecord>>> _feeds = [];
    private readonly Dictionary<long, HashSet<Guid>> _byBuyer = [];
    private readonly Lock _gate = new();
    private int _pending;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _orders.Count;
            }
        }
    }

    /// <summary>Orders this instance accepted whose first decision it has not seen yet (metric <c>tb.ingress.orders.pending</c>).</summary>
    public int Pending => Volatile.Read(ref _pending);

    public OrderRecord? Find(Guid orderId)
    {
        lock (_gate)
        {
            return _orders.GetValueOrDefault(orderId);
        }
    }

    /// <summary>The orders of <paramref name="buyerId"/> this cache holds (pending ones included).</summary>
    public IReadOnlyList<OrderRecord> OrdersOf(long buyerId)
    {
        lock (_gate)
        {
            return _byBuyer.TryGetValue(buyerId, out var ids) ? [.. ids.Select(id => _orders[id])] : [];
        }
    }

    /// <summary>
    /// Completes when the order's state is no longer <paramref name="seen"/> (at once if it already moved), or
    /// when <paramref name="wait"/> has passed; a long poll answers then with whatever the order is.
    /// </summary>
    public async Task WaitForChangeAsync(Guid orderId, OrderState seen, TimeSpan wait, CancellationToken cancellationToken)
    {
        Watch watch;
        lock (_gate)
        {
            if (_orders.TryGetValue(orderId, out var order) && order.State != seen)
            {
                return;
            }

            if (!_watches.TryGetValue(orderId, out watch!))
            {
                watch = new Watch();
                _watches.Add(orderId, watch);
            }

            watch.Waiters++;
        }

        try
        {
            await watch.Moved.Task.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        finally
        {
            lock (_gate)
            {
                if (--watch.Waiters == 0 && _watches.TryGetValue(orderId, out var current) && current == watch)
                {
                    _watches.Remove(orderId);
                }
            }
        }
    }

    /// <summary>
    /// Every later change of the buyer's orders, newest kept when the reader falls behind
    /// (<paramref name="capacity"/> changes); null when the buyer already has <paramref name="limit"/> feeds.
    /// Dispose the feed to stop it.
    /// </summary>
    public OrderFeed? Follow(long buyerId, int limit, int capacity)
    {
        var channel = Channel.CreateBounded<OrderRecord>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            if (!_feeds.TryGetValue(buyerId, out var feeds))
            {
                feeds = [];
                _feeds.Add(buyerId, feeds);
            }

            if (feeds.Count >= limit)
            {
                return null;
            }

            feeds.Add(channel);
        }

        return new OrderFeed(channel.Reader, () => Unfollow(buyerId, channel));
    }

    private void Unfollow(long buyerId, Channel<OrderRecord> channel)
    {
        lock (_gate)
        {
            if (_feeds.TryGetValue(buyerId, out var feeds) && feeds.Remove(channel) && feeds.Count == 0)
            {
                _feeds.Remove(buyerId);
            }
        }
    }

    /// <summary>An order this instance published: pending unless a decision about it came first.</summary>
    public void Accepted(Guid orderId, long sessionId, long buyerId)
    {
        lock (_gate)
        {
            if (!_orders.ContainsKey(orderId))
            {
                Add(new OrderRecord(orderId, sessionId, buyerId, OrderState.Pending));
                _pending++;
            }
        }
    }

    public void Apply(Decision decision)
    {
        lock (_gate)
        {
            ApplyLocked(decision);
        }
    }

    /// <summary>A journal batch's decisions under one hold of the lock, which requests share with the follower.</summary>
    public void Apply(IReadOnlyList<Decision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        lock (_gate)
        {
            foreach (var decision in decisions)
            {
                ApplyLocked(decision);
            }
        }
    }

    private void ApplyLocked(Decision decision)
    {
        if (Concerning.OrderOf(decision) is not { } orderId || Concerning.SessionOf(decision) is not { } sessionId)
        {
            return;
        }

        if (OrderLifecycle.StatusAfter(decision) is { } status)
        {
            Set(Folded(orderId, sessionId, OrderRecord.StateOf(status), decision));
        }
        else if (OrderLifecycle.IsRepeatedPurchase(decision))
        {
            ForgetPending(orderId);
        }
        else if (decision is HoldExtended extended && _orders.TryGetValue(orderId, out var held) && held.State == OrderState.Held)
        {
            Set(held with { DeadlineMs = extended.NewDeadlineMs, ExtensionsUsed = extended.ExtensionsUsed });
        }
    }

    /// <summary>The order once a decision gave it <paramref name="state"/>: a hold or a rejection starts its record, later decisions change it.</summary>
    private OrderRecord Folded(Guid orderId, long sessionId, OrderState state, Decision decision) => decision switch
    {
        OrderHeld held => new OrderRecord(orderId, sessionId, held.BuyerId, state, held.Seats, held.Amount, held.DeadlineMs) { Discounts = OrderPriceView.Of(held) },
        Rejected rejected => new OrderRecord(orderId, sessionId, rejected.BuyerId, state, Reason: rejected.Reason.ToString()),
        OrderConfirmed confirmed => Known(orderId, sessionId) with { State = state, Seats = confirmed.Seats, FirstTicketNumber = confirmed.FirstTicketNumber },
        OrderReleased released => Known(orderId, sessionId) with { State = state, Reason = released.Reason },
        _ => Known(orderId, sessionId) with { State = state },
    };

    /// <summary>
    /// A retry of an order whose first outcome this cache no longer holds: no decision of its own will come, so
    /// it is forgotten rather than left pending, and reads go to the projection.
    /// </summary>
    private void ForgetPending(Guid orderId)
    {
        if (!_orders.TryGetValue(orderId, out var order) || order.State != OrderState.Pending)
        {
            return;
        }

        _orders.Remove(orderId);
        Unindex(order);
        _pending--;
        if (_watches.Remove(orderId, out var watch))
        {
            watch.Moved.TrySetResult();
        }
    }

    private OrderRecord Known(Guid orderId, long sessionId) =>
        // Without the order's earlier decisions the buyer is unknown (0), so no buyer can read it.
        _orders.GetValueOrDefault(orderId) ?? new OrderRecord(orderId, sessionId, 0, OrderState.Pending);

    private void Set(OrderRecord order)
    {
        if (_watches.Remove(order.OrderId, out var watch))
        {
            watch.Moved.TrySetResult();
        }

        if (order.BuyerId != 0 && _feeds.TryGetValue(order.BuyerId, out var feeds))
        {
            foreach (var feed in feeds)
            {
                feed.Writer.TryWrite(order);
            }
        }

        if (_orders.TryGetValue(order.OrderId, out var before))
        {
            if (before.State == OrderState.Pending && order.State != OrderState.Pending)
            {
                _pending--;
            }

            _orders[order.OrderId] = order;
            if (before.BuyerId != order.BuyerId)
            {
                Unindex(before);
                Index(order);
            }
        }
        else
        {
            Add(order);
        }
    }

    private void Add(OrderRecord order)
    {
        _orders.Add(order.OrderId, order);
        Index(order);
        _age.Enqueue(order.OrderId);
        while (_orders.Count > capacity && _age.TryDequeue(out var oldest))
        {
            if (!_orders.Remove(oldest, out var forgotten))
            {
                continue;
            }

            Unindex(forgotten);
            if (forgotten.State == OrderState.Pending)
            {
                _pending--;
            }
        }
    }

    private void Index(OrderRecord order)
    {
        if (order.BuyerId == 0)
        {
            return;
        }

        if (!_byBuyer.TryGetValue(order.BuyerId, out var ids))
        {
            ids = [];
            _byBuyer.Add(order.BuyerId, ids);
        }

        ids.Add(order.OrderId);
    }

    private void Unindex(OrderRecord order)
    {
        if (_byBuyer.TryGetValue(order.BuyerId, out var ids) && ids.Remove(order.OrderId) && ids.Count == 0)
        {
            _byBuyer.Remove(order.BuyerId);
        }
    }
}

/// <summary>A buyer's stream of order changes from <see cref="OrderStatusCache.Follow"/>; disposing it stops it.</summary>
public sealed class OrderFeed(ChannelReader<OrderRecord> changes, Action stop) : IDisposable
{
    public ChannelReader<OrderRecord> Changes { get; } = changes;

    public void Dispose() => stop();
}

/// <summary>Long polls waiting for one order to move; completed (and dropped) at the order's next change.</summary>
internal sealed class Watch
{
    public TaskCompletionSource Moved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Waiters { get; set; }
}

public enum OrderState
{
    Pending,
    Held,
    Confirmed,
    Rejected,
    Released,
    Expired,
    Cancelled,
}

/// <summary>One order as the cache knows it.</summary>
public sealed record OrderRecord(
    Guid OrderId,
    long SessionId,
    long BuyerId,
    OrderState State,
    int[]? Seats = null,
    long? Amount = null,
    long? DeadlineMs = null,
    long? FirstTicketNumber = null,
    string? Reason = null)
{
    /// <summary>How the amount came down from the list price, when this instance saw the hold.</summary>
    public OrderPriceView? Discounts { get; init; }

    /// <summary>How often the hold was extended (each extension moved <see cref="DeadlineMs"/>).</summary>
    public int ExtensionsUsed { get; init; }

    /// <param name="codes">Signs the tickets of a confirmed order.</param>
    /// <param name="maxHoldExtensions">How often the order's session lets a hold be extended; null when not known here.</param>
    public OrderView ToView(TicketCodes codes, int? maxHoldExtensions = null)
    {
        ArgumentNullException.ThrowIfNull(codes);
        return new(
            OrderId,
            SessionId,
            StatusName(State),
            Seats,
            Amount,
            State == OrderState.Held && DeadlineMs is { } deadline ? DateTimeOffset.FromUnixTimeMilliseconds(deadline) : null,
            State == OrderState.Confirmed && FirstTicketNumber is { } first && Seats is { } seats
                ? [.. seats.Select((seat, i) => new TicketView(first + i, seat, codes.For(SessionId, first + i, OrderId)))]
                : null,
            Reason,
            Discounts?.ListAmount,
            Discounts?.PromoDiscount,
            Discounts?.PointsSpent,
            ReasonTexts.Of(State, Reason),
            ExtensionsUsed,
            State == OrderState.Held && maxHoldExtensions is { } allowed ? Math.Max(0, allowed - ExtensionsUsed) : null);
    }

    /// <summary>The state of an order the engine decided.</summary>
    public static OrderState StateOf(OrderStatus status) => status switch
    {
        OrderStatus.Held => OrderState.Held,
        OrderStatus.Confirmed => OrderState.Confirmed,
        OrderStatus.Rejected => OrderState.Rejected,
        OrderStatus.Released => OrderState.Released,
        OrderStatus.Expired => OrderState.Expired,
        OrderStatus.Cancelled => OrderState.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an order status."),
    };

    /// <summary>The status as the API spells it.</summary>
    public static string StatusName(OrderState state) => state switch
    {
        OrderState.Pending => "pending",
        OrderState.Held => "held",
        OrderState.Confirmed => "confirmed",
        OrderState.Rejected => "rejected",
        OrderState.Released => "released",
        OrderState.Expired => "expired",
        _ => "cancelled",
    };
}

/// <summary>An order's list price, promo discount and points spent, from its <see cref="OrderHeld"/>.</summary>
public sealed record OrderPriceView(long ListAmount, long PromoDiscount, long PointsSpent)
{
    public static OrderPriceView Of(OrderHeld held)
    {
        ArgumentNullException.ThrowIfNull(held);
        return new(held.ListAmount, held.Discounts?.PromoDiscount ?? 0, held.PointsSpent);
    }
}
