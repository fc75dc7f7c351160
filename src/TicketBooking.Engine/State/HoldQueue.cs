namespace TicketBooking.Engine.State;

/// <summary>
/// Held orders by (deadline, creating decision), a total order, so that expiry order never depends on how the
/// holds were stored. Holds nearly always arrive in that order already (one timeout per session, time that does
/// not go back), so they go to a first-in-first-out queue of positions, and only a hold that arrives earlier than
/// the last one queued goes to a heap. The next hold is the smaller of the two heads. Entries that no longer stand
/// for a hold are dropped lazily when they reach a head: the order stopped being held, or it was extended since
/// (an extended hold is queued again with its new deadline, and its entry carries the extension count it was
/// queued with, so the old entry no longer matches).
/// </summary>
internal sealed class HoldQueue(OrderDictionary orders)
{
    private readonly Queue<Entry> _inOrder = new();
    private readonly PriorityQueue<Entry, (long DeadlineMs, long Sequence)> _outOfOrder = new();
    private (long DeadlineMs, long Sequence) _lastQueued = (long.MinValue, long.MinValue);

    /// <summary>Queues the order at <paramref name="position"/> by its current deadline.</summary>
    public void Enqueue(int position)
    {
        var key = KeyOf(position);
        var entry = new Entry(position, orders.At(position).ExtensionsUsed);
        if (key.CompareTo(_lastQueued) >= 0)
        {
            _inOrder.Enqueue(entry);
            _lastQueued = key;
        }
        else
        {
            _outOfOrder.Enqueue(entry, key);
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

    private bool TryPeekHeld(Queue<Entry> queue, out int position)
    {
        while (queue.TryPeek(out var entry))
        {
            if (IsCurrent(entry))
            {
                position = entry.Position;
                return true;
            }

            queue.Dequeue();
        }

        position = -1;
        return false;
    }

    private bool TryPeekHeld(PriorityQueue<Entry, (long, long)> heap, out int position)
    {
        while (heap.TryPeek(out var entry, out _))
        {
            if (IsCurrent(entry))
            {
                position = entry.Position;
                return true;
            }

            heap.Dequeue();
        }

        position = -1;
        return false;
    }

    private bool IsCurrent(Entry entry)
    {
        ref readonly var order = ref orders.At(entry.Position);
        return order.Status == OrderStatus.Held && order.ExtensionsUsed == entry.ExtensionsUsed;
    }

    private (long DeadlineMs, long Sequence) KeyOf(int position)
    {
        ref readonly var order = ref orders.At(position);
        return (order.DeadlineMs, order.CreatedSequence);
    }

    private readonly record struct Entry(int Position, int ExtensionsUsed);
}
