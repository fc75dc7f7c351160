using TicketBooking.Engine.Inventory;
using TicketBooking.Ingress.WaitingRoom;

namespace TicketBooking.Ingress.Catalog;

/// <summary>
/// Body of <c>POST /api/admin/sessions</c>. <see cref="Id"/> is optional (a new one is drawn when absent);
/// prices are in minor units, one per seat category of the hall. <see cref="EventId"/> is optional (sessions from
/// before events have none); with one, <see cref="Title"/> may be left out and is the event's title.
/// <see cref="WaitingRoom"/> is optional: the session's waiting room, stored before the session is put on sale.
/// </summary>
public sealed record CreateSessionRequest(
    long? Id,
    long HallId,
    string? Title,
    DateTimeOffset StartsAt,
    long[] Prices,
    string Currency,
    int HoldTimeoutSeconds,
    int MaxSeatsPerBuyer,
    long? EventId,
    WaitingRoomRequest? WaitingRoom = null)
{
    /// <summary>The body's form, as a problem answering an unreadable one shows it.</summary>
    public const string Form = """{"hallId": 1, "eventId": 1, "title": "Opening night", "startsAt": "2030-01-31T20:00:00Z", "prices": [9000, 5000], "currency": "EUR", "holdTimeoutSeconds": 600, "maxSeatsPerBuyer": 4, "waitingRoom": {"opensAt": "2030-01-31T18:00:00Z", "saleStartsAt": "2030-01-31T19:00:00Z", "mode": "rate", "admitPerMinute": 600}}""";
}

/// <summary>Where a session is: its hall's venue and city, as session details show them.</summary>
public sealed record SessionVenue(long Id, string Name, string Kind, long CityId, string CityName);

/// <summary>
/// A session as the catalog stores it, with the layout its engine partition was (or will be) opened with, and where
/// and what it is (null for halls without a venue and sessions without an event).
/// </summary>
public sealed record CatalogSession(
    long Id,
    long HallId,
    string HallName,
    string Title,
    DateTimeOffset StartsAt,
    long[] Prices,
    string Currency,
    long HoldTimeoutMs,
    int MaxSeatsPerBuyer,
    HallLayout Layout,
    bool OnSale,
    SessionVenue? Venue = null,
    EventView? Event = null)
{
    public int SeatCount => Layout.SeatCount;

    public SessionLayout ToLayout() => Layout.ToSessionLayout();

    /// <summary>How many seats of each price category the session has, the seats left before anything is sold.</summary>
    public int[] SeatsPerCategory()
    {
        var counts = new int[Prices.Length];
        foreach (var seat in Layout.Sections.SelectMany(section => section.Rows).SelectMany(row => row.Seats))
        {
            if (seat.Category < counts.Length)
            {
                counts[seat.Category]++;
            }
        }

        return counts;
    }
}
