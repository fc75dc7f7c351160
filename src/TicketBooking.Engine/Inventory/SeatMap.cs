using System.Numerics;

namespace TicketBooking.Engine.Inventory;

/// <summary>
/// The seats of one session: one bit per seat (set = held or sold), with free counts per
/// category and per row so searches skip full rows without scanning them.
/// </summary>
public sealed class SeatMap
{
    private readonly ulong[] _taken;
    private readonly byte[] _categoryOfSeat;
    private readonly int[] _rowStart;
    private readonly int[] _rowOfSeat;
    private readonly int[] _freeByCategory;
    private readonly int[] _freeByRowAndCategory;

    public SeatMap(SessionLayout layout, int categoryCount)
    {
        ArgumentNullException.ThrowIfNull(layout);
        CategoryCount = categoryCount;
        Capacity = layout.SeatCount;
        _taken = new ulong[(Capacity + 63) / 64];
        _categoryOfSeat = new byte[Capacity];
        _rowOfSeat = new int[Capacity];
        _rowStart = new int[layout.Rows.Count + 1];
        _freeByCategory = new int[categoryCount];
        _freeByRowAndCategory = new int[layout.Rows.Count * categoryCount];

        var seat = 0;
        for (var row = 0; row < layout.Rows.Count; row++)
        {
            _rowStart[row] = seat;
            foreach (var category in layout.Rows[row].SeatCategories)
            {
                _rowOfSeat[seat] = row;
                _categoryOfSeat[seat++] = category;
                _freeByCategory[category]++;
                _freeByRowAndCategory[row * categoryCount + category]++;
            }
        }

        _rowStart[layout.Rows.Count] = seat;
    }

    public int Capacity { get; }

    public int CategoryCount { get; }

    public int RowCount => _rowStart.Length - 1;

    public ReadOnlySpan<ulong> Bits => _taken;

    public int FreeSeats(int category) => _freeByCategory[category];

    public int FreeSeatsTotal()
    {
        var total = 0;
        foreach (var free in _freeByCategory)
        {
            total += free;
        }

        return total;
    }

    public int TakenCount() => _taken.Sum(word => BitOperations.PopCount(word));

    public int CategoryOf(int seat) => _categoryOfSeat[seat];

    public bool IsValid(int seat) => (uint)seat < (uint)Capacity;

    public bool IsTaken(int seat) => (_taken[seat >> 6] & (1UL << seat)) != 0;

    public void Take(ReadOnlySpan<int> seats)
    {
        foreach (var seat in seats)
        {
            ref var word = ref _taken[seat >> 6];
            var bit = 1UL << seat;
            if ((word & bit) != 0)
            {
                throw new InvalidOperationException($"Seat {seat} is already taken.");
            }

            word |= bit;
            AdjustFree(seat, -1);
        }
    }

    public void Release(ReadOnlySpan<int> seats)
    {
        foreach (var seat in seats)
        {
            ref var word = ref _taken[seat >> 6];
            var bit = 1UL << seat;
            if ((word & bit) == 0)
            {
                throw new InvalidOperationException($"Seat {seat} is not taken.");
            }

            word &= ~bit;
            AdjustFree(seat, +1);
        }
    }

    /// <summary>
    /// Finds <paramref name="count"/> free seats of one category side by side in one row: the first
    /// row (in layout order) that has such a block, and in it the block whose middle is nearest
    /// the row's middle (the leftmost on a tie).
    /// </summary>
    public bool TryFindAdjacent(int count, int category, Span<int> found)
    {
        if (count <= 0 || count > found.Length || _freeByCategory[category] < count)
        {
            return false;
        }

        for (var row = 0; row < RowCount; row++)
        {
            if (_freeByRowAndCategory[row * CategoryCount + category] < count)
            {
                continue;
            }

            var start = BestBlockInRow(row, count, category);
            if (start >= 0)
            {
                for (var i = 0; i < count; i++)
                {
                    found[i] = start + i;
                }

                return true;
            }
        }

        return false;
    }

    private int BestBlockInRow(int row, int count, int category)
    {
        var first = _rowStart[row];
        var end = _rowStart[row + 1];

        // Distances are doubled so that half-seat centres stay integral.
        var rowCentreTwice = first + end - 1;
        var best = -1;
        var bestDistance = int.MaxValue;
        var runStart = first;
        for (var seat = first; seat <= end; seat++)
        {
            var usable = seat < end && !IsTaken(seat) && _categoryOfSeat[seat] == category;
            if (usable)
            {
                continue;
            }

            var runLength = seat - runStart;
            if (runLength >= count)
            {
                var idealStartTwice = rowCentreTwice - (count - 1);
                var start = Math.Clamp(idealStartTwice / 2, runStart, seat - count);
                foreach (var candidate in (ReadOnlySpan<int>)[start, Math.Min(start + 1, seat - count)])
                {
                    var distance = Math.Abs((2 * candidate) + count - 1 - rowCentreTwice);
                    if (distance < bestDistance)
                    {
                        best = candidate;
                        bestDistance = distance;
                    }
                }
            }

            runStart = seat + 1;
        }

        return best;
    }

    private void AdjustFree(int seat, int delta)
    {
        var category = _categoryOfSeat[seat];
        _freeByCategory[category] += delta;
        _freeByRowAndCategory[(_rowOfSeat[seat] * CategoryCount) + category] += delta;
    }
}
