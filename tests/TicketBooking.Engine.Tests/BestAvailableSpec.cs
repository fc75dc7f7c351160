using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Inventory;

namespace TicketBooking.Engine.Tests;

/// <summary>
/// The best-available rules (docs/architecture.md, "Best available") written seat by seat, as slowly and plainly as
/// possible, for the engine's bitwise search to be compared with.
/// </summary>
internal static class BestAvailableSpec
{
    private enum Kind
    {
        Plain,
        WithAccessible,
        AnyOfCategory,
    }

    public static int[]? Find(SessionLayout layout, bool[] taken, int count, byte category, SeatPreferences preferences)
    {
        var accessible = (preferences & SeatPreferences.Accessible) != 0;
        var rows = Rows(layout);
        foreach (var row in rows)
        {
            if (BestInRow(layout, taken, row, count, category, accessible ? Kind.WithAccessible : Kind.Plain) is { } start)
            {
                return [.. Enumerable.Range(start, count)];
            }
        }

        if ((preferences & SeatPreferences.SplitAcrossRows) == 0 || count < 2)
        {
            return null;
        }

        for (var front = 0; front + 1 < rows.Count; front++)
        {
            if (layout.Rows[front].Section != layout.Rows[front + 1].Section)
            {
                continue;
            }

            var larger = (count + 1) / 2;
            var smaller = count / 2;
            var split = Halves(layout, taken, rows[front], larger, rows[front + 1], smaller, category, accessible)
                ?? (larger != smaller ? Halves(layout, taken, rows[front], smaller, rows[front + 1], larger, category, accessible) : null);
            if (split is not null)
            {
                return split;
            }
        }

        return null;
    }

    /// <summary>Whether a best-available block of seats [start, start + count) may use the seat, beside being free and of the category.</summary>
    public static bool MayUse(RowLayout row, int seatInRow, bool accessible) => accessible || row.TraitsOf(seatInRow) == SeatTraits.None;

    private static int[]? Halves(SessionLayout layout, bool[] taken, (int First, int End, int Row) front, int frontCount, (int First, int End, int Row) back, int backCount, byte category, bool accessible)
    {
        int? frontStart, backStart;
        if (!accessible)
        {
            frontStart = BestInRow(layout, taken, front, frontCount, category, Kind.Plain);
            backStart = BestInRow(layout, taken, back, backCount, category, Kind.Plain);
        }
        else
        {
            frontStart = BestInRow(layout, taken, front, frontCount, category, Kind.WithAccessible);
            backStart = BestInRow(layout, taken, back, backCount, category, Kind.AnyOfCategory);
            if (frontStart is null || backStart is null)
            {
                frontStart = BestInRow(layout, taken, front, frontCount, category, Kind.AnyOfCategory);
                backStart = BestInRow(layout, taken, back, backCount, category, Kind.WithAccessible);
            }
        }

        return frontStart is { } f && backStart is { } b ? [.. Enumerable.Range(f, frontCount), .. Enumerable.Range(b, backCount)] : null;
    }

    private static List<(int First, int End, int Row)> Rows(SessionLayout layout)
    {
        var rows = new List<(int, int, int)>();
        var first = 0;
        for (var row = 0; row < layout.Rows.Count; row++)
        {
            var end = first + layout.Rows[row].SeatCategories.Length;
            rows.Add((first, end, row));
            first = end;
        }

        return rows;
    }

    private static int? BestInRow(SessionLayout layout, bool[] taken, (int First, int End, int Row) row, int count, byte category, Kind kind)
    {
        var rowLayout = layout.Rows[row.Row];
        bool Usable(int seat) =>
            seat >= row.First && seat < row.End && !taken[seat] && rowLayout.SeatCategories[seat - row.First] == category
            && MayUse(rowLayout, seat - row.First, kind != Kind.Plain);

        int? best = null;
        var bestDistance = int.MaxValue;
        for (var start = row.First; start + count <= row.End; start++)
        {
            var block = Enumerable.Range(start, count).ToArray();
            if (!block.All(Usable)
                || (kind == Kind.WithAccessible && !block.Any(seat => (rowLayout.TraitsOf(seat - row.First) & SeatTraits.Accessible) != 0)))
            {
                continue;
            }

            var freeLeft = 0;
            while (Usable(start - 1 - freeLeft))
            {
                freeLeft++;
            }

            var freeRight = 0;
            while (Usable(start + count + freeRight))
            {
                freeRight++;
            }

            var distance = Math.Abs((2 * start) + count - 1 - (row.First + row.End - 1));
            if (freeLeft != 1 && freeRight != 1 && distance < bestDistance)
            {
                best = start;
                bestDistance = distance;
            }
        }

        return best;
    }
}
