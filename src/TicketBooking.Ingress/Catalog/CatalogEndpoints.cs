using Microsoft.AspNetCore.Http.HttpResults;
using TicketBooking.ServiceDefaults.OpenApi;

namespace TicketBooking.Ingress.Catalog;

/// <summary><c>GET /api/sessions</c> and <c>GET /api/sessions/{id}</c>: what is on sale, from the cached catalog.</summary>
public static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this IEndpointRouteBuilder routes)
    {
        var sessions = routes.MapGroup("/api/sessions").WithTag("Catalog", "What is on sale, for anyone: sessions with their prices and seat maps.").AllowAnonymous();
        sessions.MapGet("/", List)
            .WithName("ListSessions")
            .WithSummary("Sessions on sale, with prices in minor units per seat category.");
        sessions.MapGet("/{sessionId}", Get)
            .WithName("GetSession")
            .WithSummary("A session on sale with its seat map: seat ids are row-major positions from 0.");
    }

    private static Ok<List<SessionSummary>> List(CatalogView catalog) =>
        TypedResults.Ok(catalog.OnSale.OrderBy(session => session.StartsAt).ThenBy(session => session.Id).Select(SessionSummary.From).ToList());

    private static Results<Ok<SessionDetails>, NotFoundProblem> Get(long sessionId, CatalogView catalog) =>
        catalog.Find(sessionId) is { } session
            ? TypedResults.Ok(SessionDetails.From(session))
            : new NotFoundProblem($"Session {sessionId} is not on sale.");
}
