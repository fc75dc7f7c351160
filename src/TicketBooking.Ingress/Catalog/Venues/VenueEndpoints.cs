using Microsoft.AspNetCore.Http.HttpResults;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Ingress.Catalog;

/// <summary>Venues: <c>GET /api/venues?cityId=</c>, <c>GET /api/venues/{id}</c> (with its city and halls), <c>PUT /api/admin/venues/{id}</c>.</summary>
public static class VenueEndpoints
{
    public static void MapVenueReads(this IEndpointRouteBuilder catalog)
    {
        catalog.MapGet("/venues", ListAsync).WithName("ListVenues").WithSummary("Venues by id, of one city when cityId is given, a page at a time.");
        catalog.MapGet("/venues/{venueId}", GetAsync).WithName("GetVenue").WithSummary("A venue with its city and halls.");
    }

    public static void MapVenueWrites(this IEndpointRouteBuilder admin) =>
        admin.MapPut("/venues/{venueId}", PutAsync)
            .WithName("PutVenue")
            .WithSummary("Creates a venue the caller then owns, or replaces one it owns.")
            .Accepts<VenueRequest>("application/json");

    private static async Task<Results<ETaggedJson<List<Venue>>, BadRequestProblem>> ListAsync(
        long? cityId, [AsParameters] PageQuery query, HttpContext http, VenueStore store, CancellationToken cancellationToken)
    {
        if (Page.Read(query.Limit, query.After, 1, out var problem) is not { } page)
        {
            return problem!;
        }

        var venues = await store.ListAsync(cityId, page.After?[0] ?? 0, page.Limit + 1, cancellationToken).ConfigureAwait(false);
        return new ETaggedJson<List<Venue>>(page.Finish(venues, http, venue => [venue.Id]));
    }

    private static async Task<Results<ETaggedJson<VenueDetails>, NotFoundProblem>> GetAsync(
        long venueId, VenueStore venues, CityStore cities, HallStore halls, CancellationToken cancellationToken)
    {
        if (await venues.FindAsync(venueId, cancellationToken).ConfigureAwait(false) is not { } venue
            || await cities.FindAsync(venue.CityId, cancellationToken).ConfigureAwait(false) is not { } city)
        {
            return new NotFoundProblem($"There is no venue {venueId}.");
        }

        var inVenue = await halls.ListAsync(venueId, 0, int.MaxValue, cancellationToken).ConfigureAwait(false);
        return new ETaggedJson<VenueDetails>(new VenueDetails(venue.Id, venue.Name, venue.Kind, venue.Address, city, inVenue));
    }

    private static async Task<Results<Ok<Venue>, BodyProblem, UnprocessableProblem, ForbiddenProblem>> PutAsync(
        long venueId, HttpContext http, VenueStore venues, CityStore cities, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<VenueRequest>(http.Request, JsonBody.DefaultMaxBytes, VenueRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        if ((Limits.Id(venueId, "venueId") ?? request.Validate()) is { } invalid)
        {
            return invalid;
        }

        if (await cities.FindAsync(request.CityId, cancellationToken).ConfigureAwait(false) is null)
        {
            return new UnprocessableProblem("cityId", $"There is no city {request.CityId}.");
        }

        var venue = new Venue(venueId, request.CityId, request.Name.Trim(), request.Kind, request.Address.Trim());
        return await venues.PutAsync(venue, Caller.IdOf(http), Caller.IsAdmin(http), cancellationToken).ConfigureAwait(false)
            ? TypedResults.Ok(venue)
            : Ownership.NotYours($"Venue {venueId}");
    }
}
