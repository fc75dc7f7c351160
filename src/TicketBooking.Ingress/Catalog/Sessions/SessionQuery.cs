using Microsoft.AspNetCore.Mvc;

namespace TicketBooking.Ingress.Catalog;

/// <summary>The filters and paging of <c>GET /api/sessions</c>: each filter given narrows the list; <c>from</c> &lt;= startsAt &lt; <c>to</c>.</summary>
public readonly record struct SessionQuery(
    [FromQuery(Name = "cityId")] long? CityId,
    [FromQuery(Name = "venueId")] long? VenueId,
    [FromQuery(Name = "eventId")] long? EventId,
    [FromQuery(Name = "artistId")] long? ArtistId,
    [FromQuery(Name = "from")] DateTimeOffset? From,
    [FromQuery(Name = "to")] DateTimeOffset? To,
    [FromQuery(Name = "limit")] int? Limit,
    [FromQuery(Name = "after")] string? After)
{
    public bool Matches(CatalogSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var artistId = ArtistId;
        return (CityId is null || session.Venue?.CityId == CityId)
            && (VenueId is null || session.Venue?.Id == VenueId)
            && (EventId is null || session.Event?.Id == EventId)
            && (artistId is null || session.Event?.Artists.Any(artist => artist.Id == artistId) == true)
            && (From is null || session.StartsAt >= From)
            && (To is null || session.StartsAt < To);
    }

    /// <summary>The key listings are sorted and paged by: start (UTC ticks), then id.</summary>
    public static long[] KeyOf(CatalogSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return [session.StartsAt.UtcTicks, session.Id];
    }

    /// <summary>Whether <paramref name="session"/> comes after the cursor's key.</summary>
    public static bool IsAfter(CatalogSession session, long[]? cursor)
    {
        ArgumentNullException.ThrowIfNull(session);
        return cursor is null || session.StartsAt.UtcTicks > cursor[0] || (session.StartsAt.UtcTicks == cursor[0] && session.Id > cursor[1]);
    }
}
