namespace TicketBooking.Ingress.Catalog;

/// <summary>A section as seat maps list it: its index (what <see cref="SeatView.Section"/> and <see cref="SeatRow.Section"/> name) and name.</summary>
public sealed record SectionView(int Index, string Name);

/// <summary>A row of a seat map: seat <c>FirstSeatId + i</c> has category <c>Categories[i]</c>.</summary>
public sealed record SeatRow(string Label, int FirstSeatId, int[] Categories, int Section);

/// <summary>One seat of a seat map: its id (what orders name), its row's label, and how to draw and price it.</summary>
public sealed record SeatView(int Id, string Row, string Label, double X, double Y, int Category, bool Accessible, bool Companion, int Section);

/// <summary>A <see cref="HallLayout"/> flattened for drawing: sections, rows in seat-id order, and every seat.</summary>
public sealed record SeatMapView(IReadOnlyList<SectionView> Sections, IReadOnlyList<SeatRow> Rows, IReadOnlyList<SeatView> Seats)
{
    public static SeatMapView From(HallLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var rows = new List<SeatRow>();
        var seats = new List<SeatView>(layout.SeatCount);
        foreach (var (section, row) in layout.Rows())
        {
            rows.Add(new SeatRow(row.Label, seats.Count, [.. row.Seats.Select(seat => seat.Category)], section));
            foreach (var seat in row.Seats)
            {
                seats.Add(new SeatView(seats.Count, row.Label, seat.Label, seat.X, seat.Y, seat.Category, seat.Accessible, seat.Companion, section));
            }
        }

        return new SeatMapView([.. layout.Sections.Select((section, index) => new SectionView(index, section.Name))], rows, seats);
    }
}
