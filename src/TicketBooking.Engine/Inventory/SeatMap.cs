using System.Numerics;

namespace TicketBooking.Engine.Inventory;

/// <summary>
/// The seats of one session: one bit per seat (set = held or sold), with free counts per
/// category and per row so searches skip full rows without scanning them, and within a row
/// jump from run to run with bit scans rather than looking at every seat.
/// </summary>
public sealed class SeatMap
{
    private readonly ulong[] _taken;
    private readonly byte[] _categoryOfSeat;
    private readonly int[] _rowStart;
    private readonly int[] _rowOfSeat;

    // Where the stretch of same-category seats that a seat belongs to ends, within its row.
    private readonly int[] _categoryStretchEnd;

    // Per category, a row before which no row has a free seat of the category (a hint that only ever makes searches shorter).
    private readonly int[] _firstRowWithFree;
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
        _categoryStretchEnd = new int[Capacity];
        _firstRowWithFree = new int[categoryCount];
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
        for (var row = 0; row < RowCount; row++)
        {
            var end = _rowStart[row + 1];
            for (var stretchEnd = end - 1; stretchEnd >= _rowStart[row]; stretchEnd--)
            {
                var next = stretchEnd + 1;
                _categoryStretchEnd[stretchEnd] = next < end && _categoryOfSeat[next] == _categoryOfSeat[stretchEnd] ? _categoryStretchEnd[next] : next;
            }
        }
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

        ref var firstRow = ref _firstRowWithFree[category];
        while (firstRow < RowCount && _freeByRowAndCategory[(firstRow * CategoryCount) + category] == 0)
        {
            firstRow++;
        }

        for (var row = firstRow; row < RowCount; row++)
        {
            if (_freeByRowAndCategory[(row * CategoryCount) + category] < count)
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
        var idealStart = (rowCentreTwice - (count - 1)) / 2;
        var best = -1;
        var bestDistance = int.MaxValue;
        var seat = NextFree(first, end);
        while (seat < end)
        {
            var stretchEnd = _categoryStretchEnd[seat];
            if (_categoryOfSeat[seat] != category)
            {
                seat = NextFree(stretchEnd, end);
                continue;
            }

            var runEnd = Math.Min(NextTaken(seat, end), stretchEnd);
            if (runEnd - seat >= count)
            {
                // The run's best block is the ideal one pushed inside the run, or the one right of it (odd sizes).
                var start = Math.Clamp(idealStart, seat, runEnd - count);
                for (var candidate = start; candidate <= Math.Min(start + 1, runEnd - count); candidate++)
                {
                    var distance = Math.Abs((2 * candidate) + count - 1 - rowCentreTwice);
                    if (distance < bestDistance)
                    {
                        best = candidate;
                        bestDistance = distance;
                    }
                }
            }

            seat = NextFree(runEnd, end);
        }

        return best;
    }

    /// <summary>The first free seat at or after <paramref name="seat"/>, or <paramref name="end"/>.</summary>
    private int NextFree(int seat, int end) => NextWithBit(seat, end, invert: ulong.MaxValue);

    /// <summary>The first taken seat at or after <paramref name="seat"/>, or <paramref name="end"/>.</summary>
    private int NextTaken(int seat, int end) => NextWithBit(seat, end, invert: 0);

    /// <summary>The first seat in [seat, end) whose taken bit, xor-ed with <paramref name="invert"/>, is set; or end.</summary>
    private int NextWithBit(int seat, int end, ulong invert)
    {
        if (seat >= end)
        {
            return end;
        }

        var wordIndex = seat >> 6;
        var word = (_taken[wordIndex] ^ invert) & (ulong.MaxValue << seat);
        while (word == 0)
        {
            if (++wordIndex << 6 >= end)
            {
                return end;
            }

            word = _taken[wordIndex] ^ invert;
        }

        return Math.Min((wordIndex << 6) + BitOperations.TrailingZeroCount(word), end);
    }

    private void AdjustFree(int seat, int delta)
    {
        var category = _categoryOfSeat[seat];
        var row = _rowOfSeat[seat];
        _freeByCategory[category] += delta;
        _freeByRowAndCategory[(row * CategoryCount) + category] += delta;
        if (delta > 0 && row < _firstRowWithFree[category])
        {
            _firstRowWithFree[category] = row;
        }
    }
}
