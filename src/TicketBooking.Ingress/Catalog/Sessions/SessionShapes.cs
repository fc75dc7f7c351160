using TicketBooking.Ingress.Availability;

namespace TicketBooking.Ingress.Catalog;

/// <summary>One price of a session: minor units per seat of the category.</summary>
public sealed record CategoryPrice(int Category, long Price);

/// <summary>The seats of one category still free.</summary>
public sealed record CategoryFree(int Category, int Free);

/// <summary>
/// An on-sale session as buyers list it: where (hall, venue, city; null for a hall without a venue), what (the event,
/// null for a session without one), prices, and the seats left per category as this ingress last read them from the
/// engine's availability (before the engine reported any, every seat), and how often a buyer may extend one hold.
/// </summary>
public sealed record SessionSummary(
    long Id,
    string Title,
    DateTimeOffset StartsAt,
    long HallId,
    string Currency,
    IReadOnlyList<CategoryPrice> Prices,
    int SeatCount,
    int MaxSeatsPerBuyer,
    int HoldTimeoutSeconds,
    string HallName,
    long? VenueId,
    string? VenueName,
    long? CityId,
    string? CityName,
    long? EventId,
    IReadOnlyList<CategoryFree> SeatsLeft,
    int MaxHoldExtensions)
{
    public static SessionSummary From(CatalogSession session, AvailabilityView? availability)
    {
        ArgumentNullException.ThrowIfNull(session);
        var free = availability?.FreeByCategory ?? session.SeatsPerCategory();
        return new(
            session.Id,
            session.Title,
            session.StartsAt,
            session.HallId,
            session.Currency,
            [.. session.Prices.Select((price, category) => new CategoryPrice(category, price))],
            session.SeatCount,
            session.MaxSeatsPerBuyer,
            (int)(session.HoldTimeoutMs / 1000),
            session.HallName,
            session.Venue?.Id,
            session.Venue?.Name,
            session.Venue?.CityId,
            session.Venue?.CityName,
            session.Event?.Id,
            [.. session.Prices.Select((_, category) => new CategoryFree(category, category < free.Length ? free[category] : 0))],
            session.MaxHoldExtensions);
    }
}

/// <summary>
/// A session with its seat map: <see cref="Rows"/> as before sections (seat <c>firstSeatId + i</c> has category
/// <c>categories[i]</c>), every seat with its label, coordinates, flags and section, the sections, and where and what it is.
/// </summary>
public sealed record SessionDetails(
    SessionSummary Session,
    string HallName,
    IReadOnlyList<SeatRow> Rows,
    IReadOnlyList<SeatView> Seats,
    IReadOnlyList<SectionView> Sections,
    SessionVenue? Venue,
    EventView? Event)
{
    public static SessionDetails From(CatalogSession session, AvailabilityView? availability)
    {
        ArgumentNullException.ThrowIfNull(session);
        var map = SeatMapView.From(session.Layout);
        return new SessionDetails(SessionSummary.From(session, availability), session.HallName, map.Rows, map.Seats, map.Sections, session.Venue, session.Event);
    }
}
