using TicketBooking.Engine.Inventory;

namespace TicketBooking.Ingress.Catalog;

/// <summary>One seat as drawn and sold: its label, where it is (abstract units, for drawing), its price category and what it is kept for.</summary>
public sealed record LayoutSeat(string Label, double X, double Y, int Category, bool Accessible, bool Companion)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public SeatTraits Traits => (Accessible ? SeatTraits.Accessible : SeatTraits.None) | (Companion ? SeatTraits.Companion : SeatTraits.None);
}

/// <summary>One row of a section: its label and its seats, left to right.</summary>
public sealed record LayoutRow(string Label, IReadOnlyList<LayoutSeat> Seats);

/// <summary>A part of a hall (stalls, balcony, a stand): its rows best-first; rows next to each other are physically adjacent.</summary>
public sealed record LayoutSection(string Name, IReadOnlyList<LayoutRow> Rows);

/// <summary>
/// A hall's seats: sections in order, their rows in order. Seat ids are the seats' positions in that order from 0,
/// which is the order of the engine's <see cref="SessionLayout"/>.
/// </summary>
public sealed record HallLayout(IReadOnlyList<LayoutSection> Sections)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public int SeatCount { get; } = Sections.Sum(section => section.Rows.Sum(row => row.Seats.Count));

    /// <summary>Rows of categories only (the body halls had before sections): one unnamed section, seats labelled from 1 at x = seat index, y = row index.</summary>
    public static HallLayout FromRows(IReadOnlyList<HallRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var laid = rows.Select((row, y) => new LayoutRow(
            row.Label,
            [.. row.Categories.Select((category, x) => new LayoutSeat(SeatNumber(x), x, y, category, Accessible: false, Companion: false))]));
        return new HallLayout([new LayoutSection(string.Empty, [.. laid])]);
    }

    /// <summary>The label a generated seat gets: its position in the row from 1.</summary>
    public static string SeatNumber(int seatInRow) => (seatInRow + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The rows in seat-id order with the index of their section.</summary>
    public IEnumerable<(int Section, LayoutRow Row)> Rows() =>
        Sections.SelectMany((section, index) => section.Rows.Select(row => (index, row)));

    /// <summary>What the engine opens the session with: each row's categories, its seats' traits (null when none is flagged) and its section.</summary>
    public SessionLayout ToSessionLayout() =>
        new([.. Rows().Select(laid => new RowLayout(
            laid.Row.Label,
            [.. laid.Row.Seats.Select(seat => (byte)seat.Category)],
            laid.Row.Seats.Any(seat => seat.Traits != SeatTraits.None) ? [.. laid.Row.Seats.Select(seat => (byte)seat.Traits)] : null,
            laid.Section))]);
}
