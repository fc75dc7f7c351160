using Microsoft.AspNetCore.Http.HttpResults;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Ingress.Catalog;

/// <summary>Halls: <c>GET /api/halls?venueId=</c>, <c>GET /api/halls/{id}</c> (with its seat map), <c>PUT /api/admin/halls/{id}</c>.</summary>
public static class HallEndpoints
{
    /// <summary>A hall of <see cref="Engine.Inventory.SessionLayout.MaxSeats"/> seats fits, each seat written out with its label, coordinates and flags.</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    public static void MapHallReads(this IEndpointRouteBuilder catalog)
    {
        catalog.MapGet("/halls", ListAsync).WithName("ListHalls").WithSummary("Halls by id, of one venue when venueId is given, a page at a time.");
        catalog.MapGet("/halls/{hallId}", GetAsync).WithName("GetHall").WithSummary("A hall with its sections, rows and seats; seat ids are row-major positions from 0.");
    }

    public static void MapHallWrites(this IEndpointRouteBuilder admin) =>
        admin.MapPut("/halls/{hallId}", PutAsync)
            .WithName("PutHall")
            .WithSummary("Creates a hall the caller then owns, or replaces the seat layout of one it owns (sessions keep the layout they opened with).")
            .Accepts<HallRequest>("application/json");

    private static async Task<Results<ETaggedJson<List<HallSummary>>, BadRequestProblem>> ListAsync(
        long? venueId, [AsParameters] PageQuery query, HttpContext http, HallStore store, CancellationToken cancellationToken)
    {
        if (Page.Read(query.Limit, query.After, 1, out var problem) is not { } page)
        {
            return problem!;
        }

        var halls = await store.ListAsync(venueId, page.After?[0] ?? 0, page.Limit + 1, cancellationToken).ConfigureAwait(false);
        return new ETaggedJson<List<HallSummary>>(page.Finish(halls, http, hall => [hall.Id]));
    }

    private static async Task<Results<ETaggedJson<HallDetails>, NotFoundProblem>> GetAsync(long hallId, HallStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(hallId, cancellationToken).ConfigureAwait(false) is { } hall
            ? new ETaggedJson<HallDetails>(HallDetails.From(hall))
            : new NotFoundProblem($"There is no hall {hallId}.");

    private static async Task<Results<Ok<HallSaved>, BodyProblem, UnprocessableProblem, ForbiddenProblem>> PutAsync(
        long hallId, HttpContext http, HallStore halls, Ownership ownership, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<HallRequest>(http.Request, MaxBodyBytes, HallRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var hall, out var problem))
        {
            return problem;
        }

        if (Limits.Id(hallId, "hallId") is { } badId)
        {
            return badId;
        }

        if (HallValidation.Validate(hall, out var layout) is { } invalid)
        {
            return invalid;
        }

        if (hall.VenueId is { } venueId)
        {
            var (exists, owner) = await ownership.FindAsync(Ownership.Table.Venues, venueId, cancellationToken).ConfigureAwait(false);
            if (!exists)
            {
                return new UnprocessableProblem("venueId", $"There is no venue {venueId}.");
            }

            if (!Ownership.Allows(http, owner))
            {
                return Ownership.NotYours($"Venue {venueId}");
            }
        }

        var name = hall.Name.Trim();
        return await halls.PutAsync(hallId, name, hall.VenueId, layout, Caller.IdOf(http), Caller.IsAdmin(http), cancellationToken).ConfigureAwait(false)
            ? TypedResults.Ok(new HallSaved(hallId, name, layout.SeatCount, hall.VenueId))
            : Ownership.NotYours($"Hall {hallId}");
    }
}
