using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace TicketBooking.Engine.State;

/// <summary>
/// Every order of a partition, as values in creation order in fixed-size pages (an order's position never
/// changes, and growing never copies orders), found by id through an open-addressing index of positions.
/// Orders are never removed, so the index needs no tombstones. Enumerates in creation order.
/// </summary>
public sealed class OrderDictionary : IReadOnlyDictionary<Guid, Order>
{
    // 1024 orders of about 90 bytes: a page lives on the large object heap, where collections do not copy it.
    private const int PageShift = 10;
    private const int PageSize = 1 << PageShift;
    private const int InitialIndexSize = 16;

    private Order[][] _pages = [];

    // Slot = position + 1 (0 is empty); the hash beside it lets a probe skip other orders without reading them.
    private IndexSlot[] _index = new IndexSlot[InitialIndexSize];
    private int _indexShift = 32 - BitOperations.Log2(InitialIndexSize);

    public int Count { get; private set; }

    public IEnumerable<Guid> Keys => this.Select(entry => entry.Key);

    public IEnumerable<Order> Values => this.Select(entry => entry.Value);

    public Order this[Guid key] => TryGetValue(key, out var order) ? order : throw new KeyNotFoundException($"Order {key} is not known.");

    /// <summary>The position of the order, or -1.</summary>
    public int PositionOf(Guid orderId)
    {
        var hash = orderId.GetHashCode();
        var mask = _index.Length - 1;
        for (var slot = HomeSlot(hash); ; slot = (slot + 1) & mask)
        {
            ref readonly var entry = ref _index[slot];
            if (entry.PositionPlusOne == 0)
            {
                return -1;
            }

            if (entry.Hash == hash && At(entry.PositionPlusOne - 1).OrderId == orderId)
            {
                return entry.PositionPlusOne - 1;
            }
        }
    }

    /// <summary>The position of an order that must be there (a decision settling an unknown order is a broken journal).</summary>
    internal int PositionOfKnown(Guid orderId) =>
        PositionOf(orderId) is var position and >= 0 ? position : throw new KeyNotFoundException($"Order {orderId} is not known.");

    public ref readonly Order At(int position) => ref _pages[position >> PageShift][position & (PageSize - 1)];

    public bool ContainsKey(Guid key) => PositionOf(key) >= 0;

    public bool TryGetValue(Guid key, [MaybeNullWhen(false)] out Order value)
    {
        var position = PositionOf(key);
        value = position >= 0 ? At(position) : default;
        return position >= 0;
    }

    public IEnumerator<KeyValuePair<Guid, Order>> GetEnumerator()
    {
        for (var position = 0; position < Count; position++)
        {
            var order = At(position);
            yield return new KeyValuePair<Guid, Order>(order.OrderId, order);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Every order in creation order, copied page by page: a snapshot's capture without a per-order step.</summary>
    public Order[] ToArray()
    {
        var copy = new Order[Count];
        for (var start = 0; start < Count; start += PageSize)
        {
            _pages[start >> PageShift].AsSpan(0, Math.Min(PageSize, Count - start)).CopyTo(copy.AsSpan(start));
        }

        return copy;
    }

    /// <summary>Adds an order whose id is not in the table yet; returns its position.</summary>
    internal int Add(in Order order)
    {
        if (ContainsKey(order.OrderId))
        {
            throw new ArgumentException($"Order {order.OrderId} is already known.", nameof(order));
        }

        // At most three quarters full: the multiplicative hash spreads ids well enough for short linear probes.
        if ((Count + 1) * 4 > _index.Length * 3)
        {
            GrowIndex();
        }

        var position = Count;
        if ((position >> PageShift) == _pages.Length)
        {
            Array.Resize(ref _pages, Math.Max(4, _pages.Length * 2));
        }

        _pages[position >> PageShift] ??= new Order[PageSize];
        _pages[position >> PageShift][position & (PageSize - 1)] = order;
        Insert(order.OrderId.GetHashCode(), position);
        Count++;
        return position;
    }

    /// <summary>Replaces the order at a position with its next value (same id).</summary>
    internal void Replace(int position, in Order order) => _pages[position >> PageShift][position & (PageSize - 1)] = order;

    private int HomeSlot(int hash) => (int)(((uint)hash * 0x9E3779B9u) >> _indexShift);

    private void Insert(int hash, int position)
    {
        var mask = _index.Length - 1;
        var slot = HomeSlot(hash);
        while (_index[slot].PositionPlusOne != 0)
        {
            slot = (slot + 1) & mask;
        }

        _index[slot] = new IndexSlot(position + 1, hash);
    }

    private void GrowIndex()
    {
        var old = _index;
        _index = new IndexSlot[old.Length * 2];
        _indexShift--;
        foreach (var entry in old)
        {
            if (entry.PositionPlusOne != 0)
            {
                Insert(entry.Hash, entry.PositionPlusOne - 1);
            }
        }
    }

    private readonly record struct IndexSlot(int PositionPlusOne, int Hash);
}
