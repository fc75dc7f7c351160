namespace TicketBooking.Engine.State;

/// <summary>
/// Held orders by (deadline, creating decision), a total order, so that expiry order never depends on how the
/// holds were stored. Holds nearly always arrive in that order already (one timeout per session, time that does
/// not go back), so they go to a first-in-first-out queue of positions, and only a hold that arrives earlier than
/// the last one queued goes to a heap. The next hold is the smaller of the two heads. Orders that stopped being
/// held are dropped lazily when they reach a head.
/// </summary>
internal sealed class HoldQueue(OrderDictionary orders)
{
    private readonly Queue<int> _inOrder = new();
    private readonly PriorityQueue<int, (long DeadlineMs, long Sequence)> _outOfOrder = new();
    private (long DeadlineMs, long Sequence) _lastQueued = (long.MinValue, long.MinValue);

    public void Enqueue(int position)
    {
        var key = KeyOf(position);
        if (key.CompareTo(_lastQueued) >= 0)
        {
            _inOrder.Enqueue(position);
            _lastQueued = key;
        }
        else
        {
            _outOfOrder.Enqueue(position, key);
        }
    }

    /// <summary>The position of the held order that expires first, if any.</summary>
    public bool TryPeek(out int position)
    {
        var hasInOrder = TryPeekHeld(_inOrder, out var inOrder);
        var hasOutOfOrder = TryPeekHeld(_outOfOrder, out var outOfOrder);
        position = !hasOutOfOrder ? inOrder
            : !hasInOrder ? outOfOrder
            : KeyOf(inOrder).CompareTo(KeyOf(outOfOrder)) <= 0 ? inOrder
            : outOfOrder;
        return hasInOrder || hasOutOfOrder;
    }

    private bool TryPeekHeld(Queue<int> queue, out int position)
    {
        while (queue.TryPeek(out position))
        {
            if (orders.At(position).Status == OrderStatus.Held)
            {
                return true;
            }

            queue.Dequeue();
        }

        return false;
    }

    private bool TryPeekHeld(PriorityQueue<int, (long, long)> heap, out int position)
    {
        while (heap.TryPeek(out position, out _))
        {
            if (orders.At(position).Status == OrderStatus.Held)
            {
                return true;
            }

            heap.Dequeue();
        }

        return false;
    }

    private (long DeadlineMs, long Sequence) KeyOf(int position)
    {
        ref readonly var order = ref orders.At(position);
        return (order.DeadlineMs, order.CreatedSequence);
    }
}
