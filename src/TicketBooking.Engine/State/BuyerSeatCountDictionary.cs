using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace TicketBooking.Engine.State;

/// <summary>
/// Seats each buyer occupies in one session, in an open-addressing table. A buyer who gives all seats back
/// keeps a slot with zero seats (invisible through the dictionary view), so nothing is ever removed: a buyer
/// who comes back reuses the slot, and the table needs no tombstones.
/// </summary>
public sealed class BuyerSeatCountDictionary : IReadOnlyDictionary<long, int>
{
    private const int InitialSize = 16;

    private Slot[] _slots = new Slot[InitialSize];
    private int _shift = 64 - BitOperations.Log2(InitialSize);
    private int _used;

    /// <summary>Buyers with at least one seat.</summary>
    public int Count { get; private set; }

    public IEnumerable<long> Keys => this.Select(entry => entry.Key);

    public IEnumerable<int> Values => this.Select(entry => entry.Value);

    public int this[long key] => TryGetValue(key, out var seats) ? seats : throw new KeyNotFoundException($"Buyer {key} holds no seats.");

    /// <summary>The buyer's seats; 0 for a buyer without any.</summary>
    public int SeatsOf(long buyerId)
    {
        var slot = Find(buyerId);
        return _slots[slot].Used ? _slots[slot].Seats : 0;
    }

    public bool ContainsKey(long key) => SeatsOf(key) > 0;

    public bool TryGetValue(long key, [MaybeNullWhen(false)] out int value)
    {
        value = SeatsOf(key);
        return value > 0;
    }

    public IEnumerator<KeyValuePair<long, int>> GetEnumerator()
    {
        foreach (var slot in _slots)
        {
            if (slot.Seats > 0)
            {
                yield return new KeyValuePair<long, int>(slot.BuyerId, slot.Seats);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Adds <paramref name="delta"/> seats (negative to give back) to the buyer's count.</summary>
    internal void Add(long buyerId, int delta)
    {
        var index = Find(buyerId);
        ref var slot = ref _slots[index];
        if (!slot.Used)
        {
            slot = new Slot(buyerId, 0, Used: true);
            if (++_used * 4 > _slots.Length * 3)
            {
                Grow();
                index = Find(buyerId);
            }
        }

        ref var counted = ref _slots[index];
        var before = counted.Seats;
        var after = before + delta;
        if (after < 0)
        {
            throw new InvalidOperationException($"Buyer {buyerId} would hold {after} seats.");
        }

        counted = counted with { Seats = after };
        Count += (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
    }

    /// <summary>The buyer's slot, or the empty slot where the buyer belongs.</summary>
    private int Find(long buyerId)
    {
        var mask = _slots.Length - 1;
        var index = (int)(((ulong)buyerId * 0x9E3779B97F4A7C15UL) >> _shift);
        while (_slots[index].Used && _slots[index].BuyerId != buyerId)
        {
            index = (index + 1) & mask;
        }

        return index;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        _shift--;
        foreach (var slot in old)
        {
            if (slot.Used)
            {
                _slots[Find(slot.BuyerId)] = slot;
            }
        }
    }

    private readonly record struct Slot(long BuyerId, int Seats, bool Used);
}
