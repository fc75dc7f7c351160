using System.Text.Json;
using TicketBooking.Engine.Inventory;

namespace TicketBooking.Ingress.Catalog;

/// <summary>
/// A <see cref="HallLayout"/> as the <c>layout</c> jsonb of halls and sessions holds it: the array of rows
/// <c>{label, categories}</c> it has always been, each row also with its section (index and name) and its seats as
/// parallel arrays (labels, x, y, traits as <see cref="SeatTraits"/> bits). The same array as before, so rows
/// written before sections read as <see cref="HallLayout.FromRows"/> makes them, and an ingress of the previous version
/// (during a rolling upgrade) still reads what this one writes: it ignores the fields it does not know.
/// </summary>
public static class StoredLayout
{
    public static string Write(HallLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var rows = layout.Rows().Select(laid => new StoredRow(
            laid.Row.Label,
            [.. laid.Row.Seats.Select(seat => seat.Category)],
            laid.Section,
            layout.Sections[laid.Section].Name,
            [.. laid.Row.Seats.Select(seat => seat.Label)],
            [.. laid.Row.Seats.Select(seat => seat.X)],
            [.. laid.Row.Seats.Select(seat => seat.Y)],
            [.. laid.Row.Seats.Select(seat => (int)seat.Traits)]));
        return JsonSerializer.Serialize(rows, JsonSerializerOptions.Web);
    }

    public static HallLayout Read(string json)
    {
        var rows = JsonSerializer.Deserialize<List<StoredRow>>(json, JsonSerializerOptions.Web) ?? [];
        var sections = new List<LayoutSection>();
        var sectionRows = new List<LayoutRow>();
        for (var y = 0; y < rows.Count; y++)
        {
            var row = rows[y];
            if (y > 0 && (row.Section ?? 0) != (rows[y - 1].Section ?? 0))
            {
                sections.Add(new LayoutSection(rows[y - 1].SectionName ?? string.Empty, sectionRows));
                sectionRows = [];
            }

            sectionRows.Add(new LayoutRow(row.Label, [.. row.Categories.Select((category, x) => Seat(row, x, y, category))]));
        }

        if (rows.Count > 0)
        {
            sections.Add(new LayoutSection(rows[^1].SectionName ?? string.Empty, sectionRows));
        }

        return new HallLayout(sections);
    }

    /// <summary>A stored seat; a row from before sections has only categories, and gets the grid of <see cref="HallLayout.FromRows"/>.</summary>
    private static LayoutSeat Seat(StoredRow row, int x, int y, int category)
    {
        var traits = (SeatTraits)(row.Traits?[x] ?? 0);
        return new LayoutSeat(
            row.Seats?[x] ?? HallLayout.SeatNumber(x),
            row.X?[x] ?? x,
            row.Y?[x] ?? y,
            category,
            traits.HasFlag(SeatTraits.Accessible),
            traits.HasFlag(SeatTraits.Companion));
    }

    private sealed record StoredRow(string Label, int[] Categories, int? Section, string? SectionName, string[]? Seats, double[]? X, double[]? Y, int[]? Traits);
}
