using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
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
            .Produces(StatusCodes.Status304NotModified); // a bare status code, which its result type does not carry
        sessions.MapGet("/stream", Stream)
            .WithName("StreamAvailability")
            .WithSummary("Server-Sent Events: the current availability, then each change.")
            .ProducesEventStream();
    }

    private static Results<Ok<AvailabilityView>, StatusCodeHttpResult, NotFoundProblem> Get(long sessionId, HttpContext http, AvailabilityBoard board)
    {
        if (board.Find(sessionId) is not { } view)
        {
            return NoAvailability(sessionId);
        }

        http.Response.Headers.ETag = view.ETag;
        return http.Request.Headers.IfNoneMatch.Any(tag => tag == view.ETag || tag == "*")
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(view);
    }

    private static Results<ServerSentEventsResult<AvailabilityView>, NotFoundProblem, TooManyRequestsProblem> Stream(
        long sessionId, HttpContext http, AvailabilityBoard board, CatalogView catalog, EventStreamSlots slots, CancellationToken cancellationToken)
    {
        if (board.Find(sessionId) is null && catalog.Find(sessionId) is null)
        {
            return NoAvailability(sessionId);
        }

        if (slots.TryOpen(http) is not { } slot)
        {
            return new TooManyRequestsProblem("Too many event streams are open from this address or on this instance.", retryAfterSeconds: 5);
        }

        http.Response.RegisterForDispose(slot);
        return TypedResults.ServerSentEvents(ChangesAsync(board, sessionId, slots.Lifetime(), cancellationToken));
    }

    private static NotFoundProblem NoAvailability(long sessionId) => new($"No availability for session {sessionId}.");

    private static async IAsyncEnumerable<SseItem<AvailabilityView>> ChangesAsync(
        AvailabilityBoard board, long sessionId, TimeSpan lifetime, [EnumeratorCancellation] CancellationToken requestAborted)
    {
        // Past its lifetime the stream ends as if the client had gone; the client reconnects after the retry hint.
        using var open = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        open.CancelAfter(lifetime);
        var cancellationToken = open.Token;
        var sent = -1L;
        while (!cancellationToken.IsCancellationRequested)
        {
            var (latest, changed) = board.Watch(sessionId);
            if (latest is not null && latest.AsOfDecision > sent)
            {
                var retry = sent < 0 ? EventStreamSlots.ReconnectDelay : (TimeSpan?)null;
                sent = latest.AsOfDecision;
                yield return new SseItem<AvailabilityView>(latest, "availability") { ReconnectionInterval = retry };
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
