namespace TicketBooking.Ingress.Catalog;

/// <summary>One row of a hall in the body halls had before sections: its label and the price category of each seat, left to right.</summary>
public sealed record HallRow(string Label, int[] Categories);

/// <summary>
/// Body of <c>PUT /api/admin/halls/{hallId}</c>: either <see cref="Sections"/> of rows of seats (label, x, y, category,
/// accessible, companion), or, as before sections, <see cref="Rows"/> of categories, which become one unnamed section
/// on a grid (x = seat index, y = row index). Rows best-first; seat ids are row-major positions from 0 in layout order.
/// <see cref="VenueId"/> is optional: halls from before venues have none.
/// </summary>
public sealed record HallRequest(string Name, long? VenueId, IReadOnlyList<HallRow>? Rows, IReadOnlyList<LayoutSection>? Sections)
{
    /// <summary>The body's forms, as a problem answering an unreadable one shows them.</summary>
    public const string Form =
        """{"name": "Main hall", "venueId": 1, "sections": [{"name": "Stalls", "rows": [{"label": "A", "seats": [{"label": "1", "x": 0, "y": 0, "category": 0, "accessible": false, "companion": false}]}]}]} or {"name": "Main hall", "rows": [{"label": "A", "categories": [0, 0, 1]}]}""";
}

/// <summary>The answer to <c>PUT /api/admin/halls/{hallId}</c>.</summary>
public sealed record HallSaved(long Id, string Name, int SeatCount, long? VenueId);

/// <summary>A hall as lists and its venue show it.</summary>
public sealed record HallSummary(long Id, string Name, long? VenueId, int SeatCount);

/// <summary>A hall as the catalog stores it.</summary>
public sealed record StoredHall(long Id, string Name, long? VenueId, HallLayout Layout, long? OwnerId);

/// <summary><c>GET /api/halls/{id}</c>: a hall with its seat map.</summary>
public sealed record HallDetails(
    long Id,
    string Name,
    long? VenueId,
    int SeatCount,
    IReadOnlyList<SectionView> Sections,
    IReadOnlyList<SeatRow> Rows,
    IReadOnlyList<SeatView> Seats)
{
    public static HallDetails From(StoredHall hall)
    {
        ArgumentNullException.ThrowIfNull(hall);
        var map = SeatMapView.From(hall.Layout);
        return new HallDetails(hall.Id, hall.Name, hall.VenueId, hall.Layout.SeatCount, map.Sections, map.Rows, map.Seats);
    }
}
