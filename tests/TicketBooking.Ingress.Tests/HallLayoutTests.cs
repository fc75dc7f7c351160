using TicketBooking.Engine.Inventory;
using TicketBooking.Ingress.Catalog;

namespace TicketBooking.Ingress.Tests;

public sealed class HallLayoutTests
{
    private static readonly HallLayout Theatre = new(
    [
        new LayoutSection("Stalls",
        [
            new LayoutRow("A", [Seat("1", 0, 0, accessible: true), Seat("2", 1, 0, companion: true), Seat("3", 2, 0)]),
            new LayoutRow("B", [Seat("1", 0, 1, category: 1), Seat("2", 1, 1, category: 1)]),
        ]),
        new LayoutSection("Balcony", [new LayoutRow("A", [Seat("1", 0.5, 10.25, category: 2)])]),
    ]);

    [Fact]
    public void The_engine_layout_carries_traits_only_for_rows_with_a_flagged_seat_and_each_rows_section()
    {
        var layout = Theatre.ToSessionLayout();

        Assert.Equal(6, layout.SeatCount);
        Assert.Equal(["A", "B", "A"], layout.Rows.Select(row => row.Label));
        Assert.Equal([0, 0, 1], layout.Rows.Select(row => row.Section));
        Assert.Equal([(byte)SeatTraits.Accessible, (byte)SeatTraits.Companion, (byte)SeatTraits.None], layout.Rows[0].Traits ?? []);
        Assert.Null(layout.Rows[1].Traits);
        Assert.Null(layout.Rows[2].Traits);
        Assert.Equal([1, 1], layout.Rows[1].SeatCategories);
        Assert.Equal([2], layout.Rows[2].SeatCategories);
    }

    [Fact]
    public void Rows_of_categories_become_one_unnamed_section_on_a_grid()
    {
        var layout = HallLayout.FromRows([new HallRow("A", [0, 0, 1]), new HallRow("B", [1, 1])]);

        var section = Assert.Single(layout.Sections);
        Assert.Equal(string.Empty, section.Name);
        Assert.Equal(
            [("1", 0d, 0d, 0), ("2", 1d, 0d, 0), ("3", 2d, 0d, 1), ("1", 0d, 1d, 1), ("2", 1d, 1d, 1)],
            section.Rows.SelectMany(row => row.Seats).Select(seat => (seat.Label, seat.X, seat.Y, seat.Category)));
        Assert.All(layout.ToSessionLayout().Rows, row => Assert.Null(row.Traits));
    }

    [Fact]
    public void A_stored_layout_reads_back_as_written()
    {
        var read = StoredLayout.Read(StoredLayout.Write(Theatre));

        Assert.Equal(Theatre.Sections.Select(section => section.Name), read.Sections.Select(section => section.Name));
        Assert.Equal(Seats(Theatre), Seats(read));
    }

    [Fact]
    public void A_layout_stored_before_sections_reads_as_a_grid()
    {
        var read = StoredLayout.Read("""[{"label": "A", "categories": [0, 1]}, {"label": "B", "categories": [1]}]""");

        Assert.Equal(Seats(HallLayout.FromRows([new HallRow("A", [0, 1]), new HallRow("B", [1])])), Seats(read));
    }

    [Fact]
    public void The_seat_map_numbers_seats_row_major_across_sections()
    {
        var map = SeatMapView.From(Theatre);

        Assert.Equal([new SectionView(0, "Stalls"), new SectionView(1, "Balcony")], map.Sections);
        Assert.Equal([0, 3, 5], map.Rows.Select(row => row.FirstSeatId));
        Assert.Equal(new SeatView(5, "A", "1", 0.5, 10.25, 2, false, false, 1), map.Seats[5]);
        Assert.Equal(new SeatView(1, "A", "2", 1, 0, 0, false, true, 0), map.Seats[1]);
    }

    private static LayoutSeat Seat(string label, double x, double y, int category = 0, bool accessible = false, bool companion = false) =>
        new(label, x, y, category, accessible, companion);

    private static List<(int Section, string Row, LayoutSeat Seat)> Seats(HallLayout layout) =>
        [.. layout.Rows().SelectMany(laid => laid.Row.Seats.Select(seat => (laid.Section, laid.Row.Label, seat)))];
}
