using System.ComponentModel;

namespace TicketBooking.Ingress.Catalog;

/// <summary>The filters and paging of <c>GET /api/sessions</c>: each filter given narrows the list; <c>from</c> &lt;= startsAt &lt; <c>to</c>.</summary>
public readonly record struct SessionQuery(
    [Description("Only sessions in venues of this city.")] long? CityId,
    [Description("Only sessions in halls of this venue.")] long? VenueId,
    [Description("Only sessions of this event.")] long? EventId,
    [Description("Only sessions of events that name this artist.")] long? ArtistId,
    [Description("Only sessions starting at or after this time (ISO 8601).")] DateTimeOffset? From,
    [Description("Only sessions starting before this time (ISO 8601).")] DateTimeOffset? To,
    [Description(Page.LimitDescription)] int? Limit,
    [Description(Page.AfterDescription)] string? After)
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
