using Microsoft.AspNetCore.Http.HttpResults;
using TicketBooking.Ingress.Availability;

namespace TicketBooking.Ingress.Catalog;

/// <summary><c>GET /api/sessions</c> and <c>GET /api/sessions/{id}</c>: what is on sale, from the cached catalog, with the seats left.</summary>
public static class SessionEndpoints
{
    public static void MapSessionReads(this IEndpointRouteBuilder catalog)
    {
        catalog.MapGet("/sessions", List)
            .WithName("ListSessions")
            .WithSummary("Sessions on sale by start, with prices in minor units and seats left per category, filtered and a page at a time.");
        catalog.MapGet("/sessions/{sessionId}", Get)
            .WithName("GetSession")
            .WithSummary("A session on sale with its seat map (seat ids are row-major positions from 0), venue and event.");
    }

    private static Results<ETaggedJson<List<SessionSummary>>, BadRequestProblem> List(
        [AsParameters] SessionQuery query, HttpContext http, CatalogView catalog, AvailabilityBoard board)
    {
        if (Page.Read(query.Limit, query.After, 2, out var problem) is not { } page)
        {
            return problem!;
        }

        var sessions = catalog.OnSaleByStart
            .Where(session => SessionQuery.IsAfter(session, page.After) && query.Matches(session))
            .Take(page.Limit + 1)
            .ToList();
        var listed = page.Finish(sessions, http, SessionQuery.KeyOf);
        return new ETaggedJson<List<SessionSummary>>([.. listed.Select(session => SessionSummary.From(session, board.Find(session.Id)))]);
    }

    private static Results<ETaggedJson<SessionDetails>, NotFoundProblem> Get(long sessionId, CatalogView catalog, AvailabilityBoard board) =>
        catalog.Find(sessionId) is { } session
            ? new ETaggedJson<SessionDetails>(SessionDetails.From(session, board.Find(sessionId)))
            : new NotFoundProblem($"Session {sessionId} is not on sale.");
}
