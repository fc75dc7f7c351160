using System.Runtime.CompilerServices;
using Microsoft.Net.Http.Headers;
using TicketBooking.Ingress.Catalog;
using TicketBooking.ServiceDefaults.OpenApi;

namespace TicketBooking.Ingress.Availability;

/// <summary>
/// <c>GET /api/sessions/{id}/availability</c> (ETag = the decision it is as of; If-None-Match answers 304) and
/// <c>GET /api/sessions/{id}/availability/stream</c> (Server-Sent Events, one <c>availability</c> event per change).
/// </summary>
public static class AvailabilityEndpoints
{
    public static void MapAvailabilityEndpoints(this IEndpointRouteBuilder routes)
    {
        var sessions = routes.MapGroup("/api/sessions/{sessionId}/availability").WithTag("Availability", "The seats left in a session as the engine decides them, for anyone: a read with an ETag, or a stream of changes.").AllowAnonymous();
        sessions.MapGet("/", Get)
            .WithName("GetAvailability")
            .WithSummary("Free seats per category and the seat map ('1' taken, '0' free, by seat id).")
            .WithHeader(HeaderNames.IfNoneMatch, "The ETag of an earlier read: 304 while the availability is the same.")
            .WithResponseHeader(StatusCodes.Status200OK, HeaderNames.ETag, "The decision this availability is as of, for If-None-Match.")
            .WithResponseHeader(StatusCodes.Status304NotModified, HeaderNames.ETag, "The decision this availability is as of, for If-None-Match.")
            .Produces<AvailabilityView>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapGet("/stream", Stream)
            .WithName("StreamAvailability")
            .WithSummary("Server-Sent Events: the current availability, then each change.")
            .ProducesEventStream()
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
