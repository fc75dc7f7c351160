using System.Numerics;
using TicketBooking.Engine.Commands;

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
    private readonly byte[] _traitsOfSeat;
    private readonly int[] _rowStart;
    private readonly int[] _rowOfSeat;
    private readonly int[] _sectionOfRow;

    // Where the stretch of same-category seats that a seat belongs to ends, within its row (what bounds a run for an accessible request).
    private readonly int[] _categoryStretchEnd;

    // Where the stretch of same-category seats that are all plain, or all accessible or companion, ends (what bounds a run for any other request).
    private readonly int[] _plainStretchEnd;

    // Per category, a row before which no row has a free seat of the category (a hint that only ever makes searches shorter).
    private readonly int[] _firstRowWithFree;
    private readonly int[] _freeByCategory;
    private readonly int[] _freeByRowAndCategory;
    private readonly int _accessibleSeats;

    public SeatMap(SessionLayout layout, int categoryCount)
    {
        ArgumentNullException.ThrowIfNull(layout);
        CategoryCount = categoryCount;
        Capacity = layout.SeatCount;
        _taken = new ulong[(Capacity + 63) / 64];
        _categoryOfSeat = new byte[Capacity];
        _traitsOfSeat = new byte[Capacity];
        _rowOfSeat = new int[Capacity];
        _categoryStretchEnd = new int[Capacity];
        _plainStretchEnd = new int[Capacity];
        _firstRowWithFree = new int[categoryCount];
        _rowStart = new int[layout.Rows.Count + 1];
        _sectionOfRow = new int[layout.Rows.Count];
        _freeByCategory = new int[categoryCount];
        _freeByRowAndCategory = new int[layout.Rows.Count * categoryCount];

        var seat = 0;
        for (var row = 0; row < layout.Rows.Count; row++)
        {
            var rowLayout = layout.Rows[row];
            _rowStart[row] = seat;
            _sectionOfRow[row] = rowLayout.Section;
            for (var inRow = 0; inRow < rowLayout.SeatCategories.Length; inRow++)
            {
                var category = rowLayout.SeatCategories[inRow];
                var traits = rowLayout.TraitsOf(inRow);
                _rowOfSeat[seat] = row;
                _traitsOfSeat[seat] = (byte)traits;
                _categoryOfSeat[seat++] = category;
                _freeByCategory[category]++;
                _freeByRowAndCategory[row * categoryCount + category]++;
                if ((traits & SeatTraits.Accessible) != 0)
                {
                    _accessibleSeats++;
                }
            }
        }

        _rowStart[layout.Rows.Count] = seat;
        for (var row = 0; row < RowCount; row++)
        {
            var end = _rowStart[row + 1];
            for (var stretchEnd = end - 1; stretchEnd >= _rowStart[row]; stretchEnd--)
            {
                var next = stretchEnd + 1;
                var sameCategory = next < end && _categoryOfSeat[next] == _categoryOfSeat[stretchEnd];
                _categoryStretchEnd[stretchEnd] = sameCategory ? _categoryStretchEnd[next] : next;
                _plainStretchEnd[stretchEnd] = sameCategory && IsRestricted(next) == IsRestricted(stretchEnd) ? _plainStretchEnd[next] : next;
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

    public SeatTraits TraitsOf(int seat) => (SeatTraits)_traitsOfSeat[seat];

    /// <summary>Whether best-available leaves the seat alone unless asked for accessible seats (it is accessible or a companion seat).</summary>
    public bool IsRestricted(int seat) => _traitsOfSeat[seat] != 0;

    public int RowOf(int seat) => _rowOfSeat[seat];

    public int SectionOfRow(int row) => _sectionOfRow[row];

    public int RowStart(int row) => _rowStart[row];

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

    /// <summary>As <see cref="TryFindAdjacent(int, int, SeatPreferences, Span{int})"/> without preferences.</summary>
    public bool TryFindAdjacent(int count, int category, Span<int> found) => TryFindAdjacent(count, category, SeatPreferences.None, found);

    /// <summary>
    /// Best available: <paramref name="count"/> free seats of one category side by side in one row, the first row (in
    /// layout order) that has such a block, and in it the block whose middle is nearest the row's middle (the leftmost
    /// on a tie). A block never strands a single free seat in its run (see <see cref="BestBlockInRow"/>); accessible
    /// and companion seats are only used, and then at least one accessible seat always, when
    /// <paramref name="preferences"/> asks for <see cref="SeatPreferences.Accessible"/>. When no row holds the block
    /// and <see cref="SeatPreferences.SplitAcrossRows"/> is asked for, the first pair of adjacent rows of one section
    /// that holds half of it each (the larger half in the front row if it fits, else in the back row). The seats
    /// found are in ascending order.
    /// </summary>
    public bool TryFindAdjacent(int count, int category, SeatPreferences preferences, Span<int> found)
    {
        if (count <= 0 || count > found.Length || _freeByCategory[category] < count)
        {
            return false;
        }

        var accessible = (preferences & SeatPreferences.Accessible) != 0;
        if (accessible && _accessibleSeats == 0)
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

            var start = BestBlockInRow(row, count, category, accessible ? BlockKind.WithAccessible : BlockKind.Plain);
            if (start >= 0)
            {
                Fill(found, start, count);
                return true;
            }
        }

        return (preferences & SeatPreferences.SplitAcrossRows) != 0 && count >= 2
            && TrySplitAcrossRows(firstRow, count, category, accessible, found);
    }

    private bool TrySplitAcrossRows(int firstRow, int count, int category, bool accessible, Span<int> found)
    {
        var larger = (count + 1) / 2;
        var smaller = count / 2;
        for (var front = firstRow; front + 1 < RowCount; front++)
        {
            var back = front + 1;
            if (_sectionOfRow[front] != _sectionOfRow[back]
                || _freeByRowAndCategory[(front * CategoryCount) + category] < smaller
                || _freeByRowAndCategory[(back * CategoryCount) + category] < smaller)
            {
                continue;
            }

            if (TryHalves(front, larger, back, smaller, category, accessible, found)
                || (larger != smaller && TryHalves(front, smaller, back, larger, category, accessible, found)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Each row's best block of its half. Asked for accessible seats, the halves may use any seats of the category and
    /// one of them holds an accessible seat: the front one if it can, else the back one.
    /// </summary>
    private bool TryHalves(int front, int frontCount, int back, int backCount, int category, bool accessible, Span<int> found)
    {
        if (_freeByRowAndCategory[(front * CategoryCount) + category] < frontCount
            || _freeByRowAndCategory[(back * CategoryCount) + category] < backCount)
        {
            return false;
        }

        int frontStart;
        int backStart;
        if (!accessible)
        {
            frontStart = BestBlockInRow(front, frontCount, category, BlockKind.Plain);
            backStart = frontStart < 0 ? -1 : BestBlockInRow(back, backCount, category, BlockKind.Plain);
        }
        else
        {
            frontStart = BestBlockInRow(front, frontCount, category, BlockKind.WithAccessible);
            backStart = frontStart < 0 ? -1 : BestBlockInRow(back, backCount, category, BlockKind.AnyOfCategory);
            if (backStart < 0)
            {
                backStart = BestBlockInRow(back, backCount, category, BlockKind.WithAccessible);
                frontStart = backStart < 0 ? -1 : BestBlockInRow(front, frontCount, category, BlockKind.AnyOfCategory);
            }
        }

        if (frontStart < 0 || backStart < 0)
        {
            return false;
        }

        Fill(found, frontStart, frontCount);
        Fill(found[frontCount..], backStart, backCount);
        return true;
    }

    private static void Fill(Span<int> found, int start, int count)
    {
        for (var i = 0; i < count; i++)
        {
            found[i] = start + i;
        }
    }

    /// <summary>
    /// The start of the row's best block of <paramref name="count"/>, or -1. A block lies in a run: free seats of the
    /// category side by side, bounded by a taken seat, the row's end, a seat of another category and, for a
    /// <see cref="BlockKind.Plain"/> block, an accessible or companion seat (which such a block never takes). A block
    /// may not leave exactly one free seat of its run on either side of it (an orphan: a run of count + 1 has no
    /// block). A <see cref="BlockKind.WithAccessible"/> block holds at least one accessible seat.
    /// </summary>
    private int BestBlockInRow(int row, int count, int category, BlockKind kind)
    {
        var first = _rowStart[row];
        var end = _rowStart[row + 1];
        var plain = kind == BlockKind.Plain;
        var stretchEnds = plain ? _plainStretchEnd : _categoryStretchEnd;

        // Distances are doubled so that half-seat centres stay integral.
        var rowCentreTwice = first + end - 1;
        var idealStart = (rowCentreTwice - (count - 1)) / 2;
        var best = -1;
        var bestDistance = int.MaxValue;
        var seat = NextFree(first, end);
        while (seat < end)
        {
            var stretchEnd = stretchEnds[seat];
            if (_categoryOfSeat[seat] != category || (plain && _traitsOfSeat[seat] != 0))
            {
                seat = NextFree(stretchEnd, end);
                continue;
            }

            var runEnd = Math.Min(NextTaken(seat, end), stretchEnd);
            if (runEnd - seat >= count)
            {
                if (kind == BlockKind.WithAccessible)
                {
                    BestAccessibleBlockInRun(seat, runEnd, count, rowCentreTwice, ref best, ref bestDistance);
                }
                else
                {
                    BestBlockInRun(seat, runEnd - count, idealStart, count, rowCentreTwice, ref best, ref bestDistance);
                }
            }

            seat = NextFree(runEnd, end);
        }

        return best;
    }

    /// <summary>
    /// The starts in [<paramref name="low"/>, <paramref name="high"/>] that strand no seat are both ends (unless they are
    /// one apart) and everything from low + 2 to high - 2; over those the nearest to the ideal start is one of the ends
    /// or the ideal start pushed inside. Looked at left to right, so the leftmost wins a tie.
    /// </summary>
    private static void BestBlockInRun(int low, int high, int idealStart, int count, int rowCentreTwice, ref int best, ref int bestDistance)
    {
        if (high - low == 1)
        {
            return;
        }

        Consider(low, count, rowCentreTwice, ref best, ref bestDistance);
        if (high - low >= 4)
        {
            Consider(Math.Clamp(idealStart, low + 2, high - 2), count, rowCentreTwice, ref best, ref bestDistance);
        }

        if (high > low)
        {
            Consider(high, count, rowCentreTwice, ref best, ref bestDistance);
        }
    }

    /// <summary>Seat by seat over the run's starts (accessible requests are rare and their rows short), keeping the next accessible seat in view.</summary>
    private void BestAccessibleBlockInRun(int runStart, int runEnd, int count, int rowCentreTwice, ref int best, ref int bestDistance)
    {
        var high = runEnd - count;
        var nextAccessible = runStart;
        for (var start = runStart; start <= high; start++)
        {
            if (nextAccessible < start)
            {
                nextAccessible = start;
            }

            while (nextAccessible < runEnd && (_traitsOfSeat[nextAccessible] & (byte)SeatTraits.Accessible) == 0)
            {
                nextAccessible++;
            }

            if (nextAccessible >= runEnd)
            {
                return;
            }

            if (start - runStart != 1 && high - start != 1 && nextAccessible < start + count)
            {
                Consider(start, count, rowCentreTwice, ref best, ref bestDistance);
            }
        }
    }

    private static void Consider(int start, int count, int rowCentreTwice, ref int best, ref int bestDistance)
    {
        var distance = Math.Abs((2 * start) + count - 1 - rowCentreTwice);
        if (distance < bestDistance)
        {
            best = start;
            bestDistance = distance;
        }
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

    /// <summary>Which seats a block may take.</summary>
    private enum BlockKind
    {
        /// <summary>Only seats with no traits.</summary>
        Plain,

        /// <summary>Any seats of the category, at least one of them accessible.</summary>
        WithAccessible,

        /// <summary>Any seats of the category (the other half of an accessible block split across rows).</summary>
        AnyOfCategory,
    }
}
