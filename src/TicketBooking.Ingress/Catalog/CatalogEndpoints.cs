using TicketBooking.ServiceDefaults.OpenApi;

namespace TicketBooking.Ingress.Catalog;

/// <summary>
/// The catalog's reads, for anyone (the schedule and what is left are public, as box offices show them): sessions from
/// the cached catalog, the rest from PostgreSQL; lists paged by key, every read with a content ETag.
/// </summary>
public static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this IEndpointRouteBuilder routes)
    {
        var catalog = routes.MapGroup("/api").WithTag("Catalog", "What is on sale, for anyone: cities, venues, halls with their seat maps, artists, events, and sessions with their prices and seats left.").AllowAnonymous();
        catalog.MapSessionReads();
        catalog.MapCityReads();
        catalog.MapVenueReads();
        catalog.MapHallReads();
        catalog.MapArtistReads();
        catalog.MapEventReads();
    }
}
