using Microsoft.AspNetCore.Http.HttpResults;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Ingress.Catalog;

/// <summary>
/// Cities: <c>GET /api/cities</c>, <c>GET /api/cities/{id}</c>, and <c>PUT /api/admin/cities/{id}</c> for admins only:
/// cities are reference data every organizer's venues share, so no organizer owns one.
/// </summary>
public static class CityEndpoints
{
    public static void MapCityReads(this IEndpointRouteBuilder catalog)
    {
        catalog.MapGet("/cities", ListAsync).WithName("ListCities").WithSummary("Cities by id, a page at a time.");
        catalog.MapGet("/cities/{cityId}", GetAsync).WithName("GetCity").WithSummary("A city.");
    }

    public static void MapCityWrites(this IEndpointRouteBuilder admin) =>
        admin.MapPut("/cities/{cityId}", PutAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("PutCity")
            .WithSummary("Creates or replaces a city (admins only: cities are shared by every organizer's venues).")
            .Accepts<CityRequest>("application/json");

    private static async Task<Results<ETaggedJson<List<City>>, BadRequestProblem>> ListAsync(
        [AsParameters] PageQuery query, HttpContext http, CityStore store, CancellationToken cancellationToken)
    {
        if (Page.Read(query.Limit, query.After, 1, out var problem) is not { } page)
        {
            return problem!;
        }

        var cities = await store.ListAsync(page.After?[0] ?? 0, page.Limit + 1, cancellationToken).ConfigureAwait(false);
        return new ETaggedJson<List<City>>(page.Finish(cities, http, city => [city.Id]));
    }

    private static async Task<Results<ETaggedJson<City>, NotFoundProblem>> GetAsync(long cityId, CityStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(cityId, cancellationToken).ConfigureAwait(false) is { } city
            ? new ETaggedJson<City>(city)
            : new NotFoundProblem($"There is no city {cityId}.");

    private static async Task<Results<Ok<City>, BodyProblem, UnprocessableProblem>> PutAsync(
        long cityId, HttpContext http, CityStore store, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CityRequest>(http.Request, JsonBody.DefaultMaxBytes, CityRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var city, out var problem))
        {
            return problem;
        }

        if ((Limits.Id(cityId, "cityId") ?? city.Validate()) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(await store.PutAsync(cityId, city, cancellationToken).ConfigureAwait(false));
    }
}
