using System.Runtime.CompilerServices;
using TicketBooking.Ingress.Catalog;

namespace TicketBooking.Ingress.Availability;

/// <summary>
/// <c>GET /api/sessions/{id}/availability</c> (ETag = the decision it is as of; If-None-Match answers 304) and
/// <c>GET /api/sessions/{id}/availability/stream</c> (Server-Sent Events, one <c>availability</c> event per change).
/// </summary>
public static class AvailabilityEndpoints
{
    public static void MapAvailabilityEndpoints(this IEndpointRouteBuilder routes)
    {
        var sessions = routes.MapGroup("/api/sessions/{sessionId}/availability").WithTags("Availability").AllowAnonymous();
        sessions.MapGet("/", Get)
            .WithName("GetAvailability")
            .WithSummary("Free seats per category and the seat map ('1' taken, '0' free, by seat id).")
            .Produces<AvailabilityView>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapGet("/stream", Stream)
            .WithName("StreamAvailability")
            .WithSummary("Server-Sent Events: the current availability, then each change.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult Get(long sessionId, HttpContext http, AvailabilityBoard board)
    {
        if (board.Find(sessionId) is not { } view)
        {
            return Problems.Status(StatusCodes.Status404NotFound, $"No availability for session {sessionId}.");
        }

        http.Response.Headers.ETag = view.ETag;
        return http.Request.Headers.IfNoneMatch.Any(tag => tag == view.ETag || tag == "*")
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(view);
    }

    private static IResult Stream(long sessionId, AvailabilityBoard board, CatalogView catalog, CancellationToken cancellationToken) =>
        board.Find(sessionId) is null && catalog.Find(sessionId) is null
            ? Problems.Status(StatusCodes.Status404NotFound, $"No availability for session {sessionId}.")
            : TypedResults.ServerSentEvents(ChangesAsync(board, sessionId, cancellationToken), eventType: "availability");

    private static async IAsyncEnumerable<AvailabilityView> ChangesAsync(AvailabilityBoard board, long sessionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sent = -1L;
        while (!cancellationToken.IsCancellationRequested)
        {
            var (latest, changed) = board.Watch(sessionId);
            if (latest is not null && latest.AsOfDecision > sent)
            {
                sent = latest.AsOfDecision;
                yield return latest;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
