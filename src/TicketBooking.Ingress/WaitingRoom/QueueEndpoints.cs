using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using TicketBooking.Ingress.Orders;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Ingress.WaitingRoom;

/// <summary>
/// A session's waiting room for buyers: <c>GET /api/sessions/{sessionId}/waiting-room</c> for anyone, and the signed-in
/// buyer's own place in it under <c>/api/sessions/{sessionId}/queue</c>: join, read (or long-poll) the standing, follow
/// it as Server-Sent Events, leave. Positions and ETAs come from the <see cref="RoomBoard"/>; each read costs one
/// primary-key read of the buyer's own row.
/// </summary>
public static class QueueEndpoints
{
    public static void MapQueueEndpoints(this IEndpointRouteBuilder routes, string rateLimitPolicy)
    {
        routes.MapGet("/api/sessions/{sessionId}/waiting-room", GetRoomAsync)
            .WithTag("Waiting room", "A session's waiting room: anyone sees when it opens and how long the queue is; a signed-in buyer joins it, follows their position, ETA and admission (long poll or Server-Sent Events), and leaves it. A purchase in a session with a room needs the admission token the standing carries.")
            .AllowAnonymous()
            .WithName("GetPublicWaitingRoom")
            .WithSummary("When the room opens and the sale starts, its phase, the admission rate, how many wait (an upper bound), how far admission went, and whether the session sold out; 404 when the session has no room.");
        var queue = routes.MapGroup("/api/sessions/{sessionId}/queue")
            .WithTag("Waiting room", "A session's waiting room: anyone sees when it opens and how long the queue is; a signed-in buyer joins it, follows their position, ETA and admission (long poll or Server-Sent Events), and leaves it. A purchase in a session with a room needs the admission token the standing carries.")
            .RequireAuthorization(Policies.Buyer)
            .RequireRateLimiting(rateLimitPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithRetryAfter(StatusCodes.Status429TooManyRequests);
        queue.MapPost("/", JoinAsync)
            .WithName("JoinQueue")
            .WithSummary("Joins the queue (201; 200 when already in it, with the same place). Before the sale starts everyone who joins is in the pre-queue, shuffled at the start; later arrivals queue behind in order. 409 before the room opens or once the show started.")
            .WithLocation(StatusCodes.Status201Created, "the standing");
        queue.MapGet("/", GetStandingAsync)
            .WithName("GetQueueStanding")
            .WithSummary("The caller's standing: state (waiting, admitted, expired, ordered, left, closed), position, ahead, ETA, and while admitted the admission token for the purchase. With ?wait=10 (or Prefer: wait=10) a waiting buyer's read is answered as soon as the room moves on, or after the wait.")
            .WithQueryParameter("wait", "Seconds (10 or 10s) to hold the read open while the caller waits; cut to the server's limit. Wins over Prefer.")
            .WithHeader("Prefer", "RFC 7240 wait=N: the same long poll as ?wait=N.")
            .WithResponseHeader(StatusCodes.Status200OK, "Preference-Applied", "wait=N when the read honoured Prefer: wait, N the seconds it waited at most.");
        queue.MapGet("/stream", Stream)
            .WithName("StreamQueueStanding")
            .WithSummary("Server-Sent Events: a 'standing' event with the caller's standing now, then one each time it changes. Counts against the instance's event streams.")
            .ProducesEventStream();
        queue.MapDelete("/", LeaveAsync)
            .WithName("LeaveQueue")
            .WithSummary("Leaves the queue (204); joining again later queues at the back. 404 when the caller is not in it.");
    }

    private static async Task<Results<Ok<PublicWaitingRoomView>, NotFoundProblem>> GetRoomAsync(long sessionId, QueueStandingReader reader, CancellationToken cancellationToken) =>
        await reader.RoomAsync(sessionId, cancellationToken).ConfigureAwait(false) is { } room
            ? TypedResults.Ok(PublicWaitingRoomView.From(room, reader.Clock.GetUtcNow()))
            : NoRoom(sessionId);

    private static async Task<Results<Ok<QueueStandingView>, Created<QueueStandingView>, NotFoundProblem, ConflictProblem>> JoinAsync(
        long sessionId, HttpContext http, QueueStandingReader reader, WaitingRoomStore store, CancellationToken cancellationToken)
    {
        if (await reader.RoomAsync(sessionId, cancellationToken).ConfigureAwait(false) is not { } room)
        {
            return NoRoom(sessionId);
        }

        var now = reader.Clock.GetUtcNow();
        if (now < room.Settings.OpensAt)
        {
            return new ConflictProblem(string.Create(CultureInfo.InvariantCulture, $"The waiting room opens at {room.Settings.OpensAt:u}."));
        }

        if (now >= room.Settings.ClosesAt)
        {
            return new ConflictProblem("The show has started: the waiting room is closed.");
        }

        var (visitor, created) = await store.JoinAsync(sessionId, Caller.IdOf(http), cancellationToken).ConfigureAwait(false);
        if (visitor.LeftAt is not null)
        {
            // A position once given is never given again: one that admission passed while its visitor was away is gone.
            return new ConflictProblem("Admission passed your place while you were out of the queue; it cannot be taken again.");
        }

        var view = reader.View(visitor, room);
        return created ? TypedResults.Created($"/api/sessions/{sessionId}/queue", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<QueueStandingView>, BadRequestProblem, NotFoundProblem>> GetStandingAsync(
        long sessionId, HttpContext http, QueueStandingReader reader, RoomBoard board, WaitingRoomStore store, IOptions<WaitingRoomOptions> options, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxQueueWait;
        if (!OrderWait.TryRead(http.Request, limit, out var wait, out var fromPrefer))
        {
            return new BadRequestProblem($"wait is a number of seconds (wait=10 or wait=10s); more than {limit.TotalSeconds:0} waits that long.");
        }

        if (await reader.RoomAsync(sessionId, cancellationToken).ConfigureAwait(false) is null)
        {
            return NoRoom(sessionId);
        }

        // Watched before the row is read, so a change made after the read wakes the wait.
        var (room, changed) = board.Watch(sessionId);
        var buyerId = Caller.IdOf(http);
        if (await store.GetVisitorAsync(sessionId, buyerId, cancellationToken).ConfigureAwait(false) is not { } visitor)
        {
            return NotInQueue(sessionId);
        }

        var view = reader.View(visitor, room!);
        if (wait > TimeSpan.Zero && view.State == QueueStandingView.StateName(StandingState.Waiting))
        {
            await changed.WaitAsync(wait, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
            if (changed.IsCompleted)
            {
                visitor = await store.GetVisitorAsync(sessionId, buyerId, cancellationToken).ConfigureAwait(false) ?? visitor;
                view = reader.View(visitor, board.Find(sessionId) ?? room!);
            }

            if (fromPrefer)
            {
                http.Response.Headers["Preference-Applied"] = string.Create(CultureInfo.InvariantCulture, $"wait={(int)wait.TotalSeconds}");
            }
        }

        return TypedResults.Ok(view);
    }

    private static async Task<Results<ServerSentEventsResult<QueueStandingView>, NotFoundProblem, TooManyRequestsProblem>> Stream(
        long sessionId, HttpContext http, QueueStandingReader reader, RoomBoard board, WaitingRoomStore store, EventStreamSlots slots, ILogger<QueueStandingReader> logger, CancellationToken cancellationToken)
    {
        if (await reader.RoomAsync(sessionId, cancellationToken).ConfigureAwait(false) is null)
        {
            return NoRoom(sessionId);
        }

        var buyerId = Caller.IdOf(http);
        if (await store.GetVisitorAsync(sessionId, buyerId, cancellationToken).ConfigureAwait(false) is not { } visitor)
        {
            return NotInQueue(sessionId);
        }

        if (slots.TryOpen(http) is not { } slot)
        {
            return new TooManyRequestsProblem("Too many event streams are open from this address or on this instance.", retryAfterSeconds: 5);
        }

        http.Response.RegisterForDispose(slot);
        return TypedResults.ServerSentEvents(ChangesAsync(visitor, reader, board, store, logger, slots.Lifetime(), cancellationToken));
    }

    /// <summary>
    /// The standing each time it changes. The buyer's row is read once when the stream opens and again only when the
    /// room moved past what it showed: when the row had no position yet (the admitter may have given one), or when
    /// admission reached its position. Otherwise position, ahead and ETA follow from the board alone, and an
    /// admission's end is a time, which the stream waits for.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<QueueStandingView>> ChangesAsync(
        Visitor visitor,
        QueueStandingReader reader,
        RoomBoard board,
        WaitingRoomStore store,
        ILogger logger,
        TimeSpan lifetime,
        [EnumeratorCancellation] CancellationToken requestAborted)
    {
        // Past its lifetime the stream ends as if the client had gone; the client reconnects after the retry hint.
        using var open = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        open.CancelAfter(lifetime);
        var cancellationToken = open.Token;
        QueueStandingView? sent = null;
        var readAt = -1L;
        while (!cancellationToken.IsCancellationRequested)
        {
            var (room, changed) = board.Watch(visitor.SessionId);
            if (room is null)
            {
                yield break;
            }

            if (readAt >= 0 && room.Version != readAt && MayHaveMoved(visitor, room))
            {
                visitor = await ReadAgainAsync(visitor, store, logger, cancellationToken).ConfigureAwait(false);
            }

            readAt = room.Version;
            var view = reader.View(visitor, room);
            if (view != sent)
            {
                var retry = sent is null ? EventStreamSlots.ReconnectDelay : (TimeSpan?)null;
                sent = view;
                yield return new SseItem<QueueStandingView>(view, "standing") { ReconnectionInterval = retry };
            }

            var untilExpiry = view.AdmissionExpiresAt is { } expiresAt ? expiresAt - reader.Clock.GetUtcNow() : Timeout.InfiniteTimeSpan;
            var wake = untilExpiry > TimeSpan.Zero ? changed.WaitAsync(untilExpiry, reader.Clock, cancellationToken) : changed.WaitAsync(cancellationToken);
            await wake.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static bool MayHaveMoved(Visitor visitor, RoomStatus room) =>
        visitor.LeftAt is null && (visitor.Position is not { } position || (visitor.AdmittedAt is null && room.AdmittedThrough >= position));

    private static async Task<Visitor> ReadAgainAsync(Visitor visitor, WaitingRoomStore store, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetVisitorAsync(visitor.SessionId, visitor.UserId, cancellationToken).ConfigureAwait(false) ?? visitor;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is NpgsqlException or TimeoutException)
        {
            // The next change of the room tries again; meanwhile the stream shows what it read last.
            logger.LogWarning(e, "Reading visitor {UserId} of session {SessionId} again failed", visitor.UserId, visitor.SessionId);
            return visitor;
        }
    }

    private static async Task<Results<NoContent, NotFoundProblem>> LeaveAsync(long sessionId, HttpContext http, WaitingRoomStore store, CancellationToken cancellationToken) =>
        await store.LeaveAsync(sessionId, Caller.IdOf(http), cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : NotInQueue(sessionId);

    private static NotFoundProblem NoRoom(long sessionId) => new(string.Create(CultureInfo.InvariantCulture, $"Session {sessionId} has no waiting room."));

    private static NotFoundProblem NotInQueue(long sessionId) => new(string.Create(CultureInfo.InvariantCulture, $"You are not in the queue of session {sessionId}."));
}
