using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TicketBooking.Ingress.Catalog;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Ingress.WaitingRoom;

/// <summary>
/// <c>PUT</c> and <c>GET /api/admin/sessions/{sessionId}/waiting-room</c> and <c>.../visitors</c>: the room of a
/// session the caller owns (an admin: any). Another organizer's session reads 404, as one that does not exist.
/// </summary>
public static class WaitingRoomAdminEndpoints
{
    public const int MaxBodyBytes = 4 * 1024;
    public const int DefaultVisitorPage = 1_000;
    public const int MaxVisitorPage = 10_000;

    public static void MapWaitingRoomAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var room = routes.MapGroup("/api/admin/sessions/{sessionId}/waiting-room")
            .WithTag("Waiting room administration", "A session's waiting room for its organizer (an admin: any session's): its settings, how admission goes, the counts, and the visitors in position order with which the shuffle is checked.")
            .RequireAuthorization(Policies.Organizer)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        room.MapPut("/", PutAsync)
            .WithName("PutWaitingRoom")
            .WithSummary("Creates (201) or changes (200) the session's waiting room; it closes when the show starts. Once the pre-queue is shuffled only mode, admitPerMinute and the lifetimes may change (409 otherwise).")
            .WithLocation(StatusCodes.Status201Created, "the room")
            .Accepts<WaitingRoomRequest>("application/json");
        room.MapGet("/", GetAsync)
            .WithName("GetWaitingRoom")
            .WithSummary("The room's settings, phase, shuffle seed (once shuffled), how far admission went, and the counts (waiting, admitted, bought, abandoned, left, unpositioned).");
        room.MapGet("/visitors", VisitorsAsync)
            .WithName("ListWaitingRoomVisitors")
            .WithSummary(string.Create(CultureInfo.InvariantCulture, $"The visitors with a position, in position order, a keyset page at a time: after is the last position seen (0, the default, starts at the first), limit 1 to {MaxVisitorPage} ({DefaultVisitorPage} unless given), next the following page's after (null on the last). Positions 1..preQueueSize are the shuffled pre-queue: SeededShuffle of their user ids, ascending, with the room's seed."));
    }

    private static async Task<Results<Ok<WaitingRoomView>, Created<WaitingRoomView>, BodyProblem, NotFoundProblem, UnprocessableProblem, ConflictProblem>> PutAsync(
        long sessionId,
        HttpContext http,
        CatalogStore catalog,
        WaitingRoomStore store,
        RoomBoard board,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<WaitingRoomRequest>(http.Request, MaxBodyBytes, WaitingRoomRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        if (await OwnSessionAsync(sessionId, http, catalog, cancellationToken).ConfigureAwait(false) is not { } session)
        {
            return NoSession(sessionId);
        }

        var (settings, invalid) = request.ToSettings(sessionId, session.StartsAt, Caller.IdOf(http));
        if (invalid is not null)
        {
            return invalid;
        }

        var existed = await store.GetAsync(sessionId, cancellationToken).ConfigureAwait(false) is not null;
        RoomStatus room;
        try
        {
            room = await store.ConfigureAsync(settings!, cancellationToken).ConfigureAwait(false);
        }
        catch (RoomAlreadyStartedException)
        {
            return StartedConflict();
        }

        board.Publish(room);
        var view = WaitingRoomView.From(room, await store.CountAsync(sessionId, cancellationToken).ConfigureAwait(false), clock.GetUtcNow());
        return existed ? TypedResults.Ok(view) : TypedResults.Created($"/api/admin/sessions/{sessionId}/waiting-room", view);
    }

    private static async Task<Results<Ok<WaitingRoomView>, NotFoundProblem>> GetAsync(
        long sessionId, HttpContext http, CatalogStore catalog, WaitingRoomStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await OwnSessionAsync(sessionId, http, catalog, cancellationToken).ConfigureAwait(false) is null)
        {
            return NoSession(sessionId);
        }

        if (await store.GetAsync(sessionId, cancellationToken).ConfigureAwait(false) is not { } room)
        {
            return NoRoom(sessionId);
        }

        var counts = await store.CountAsync(sessionId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(WaitingRoomView.From(room, counts, clock.GetUtcNow()));
    }

    private static async Task<Results<Ok<WaitingRoomVisitorPage>, BadRequestProblem, NotFoundProblem>> VisitorsAsync(
        long sessionId, long? after, int? limit, HttpContext http, CatalogStore catalog, WaitingRoomStore store, CancellationToken cancellationToken)
    {
        if (after is < 0)
        {
            return new BadRequestProblem("after is a position, 0 or more.");
        }

        if (limit is < 1 or > MaxVisitorPage)
        {
            return new BadRequestProblem(string.Create(CultureInfo.InvariantCulture, $"limit runs from 1 to {MaxVisitorPage}."));
        }

        if (await OwnSessionAsync(sessionId, http, catalog, cancellationToken).ConfigureAwait(false) is null)
        {
            return NoSession(sessionId);
        }

        if (await store.GetAsync(sessionId, cancellationToken).ConfigureAwait(false) is not { } room)
        {
            return NoRoom(sessionId);
        }

        var size = limit ?? DefaultVisitorPage;
        var visitors = await store.VisitorsByPositionAsync(sessionId, after ?? 0, size + 1, cancellationToken).ConfigureAwait(false);
        var page = visitors.Take(size).Select(visitor => new WaitingRoomVisitorView(
            visitor.Position ?? 0,
            visitor.UserId,
            visitor.JoinedAt,
            visitor.AdmittedAt,
            visitor.Offer,
            visitor.OrderedAt,
            visitor.LeftAt,
            room.ShuffledAt is not null && visitor.Position <= room.PreQueueSize)).ToList();
        return TypedResults.Ok(new WaitingRoomVisitorPage(page, visitors.Count > size ? page[^1].Position : null));
    }

    /// <summary>The session when the caller owns it (an admin: any); null when it does not exist or is another organizer's.</summary>
    internal static async Task<CatalogSession?> OwnSessionAsync(long sessionId, HttpContext http, CatalogStore catalog, CancellationToken cancellationToken)
    {
        var (exists, ownerId) = await catalog.FindSessionOwnerAsync(sessionId, cancellationToken).ConfigureAwait(false);
        return exists && Ownership.Allows(http, ownerId) ? await catalog.FindSessionAsync(sessionId, cancellationToken).ConfigureAwait(false) : null;
    }

    internal static ConflictProblem StartedConflict() =>
        new("The pre-queue is shuffled: only mode, admitPerMinute, admissionMinutes and offerMinutes may change now.");

    private static NotFoundProblem NoSession(long sessionId) => new(string.Create(CultureInfo.InvariantCulture, $"There is no session {sessionId} of yours."));

    private static NotFoundProblem NoRoom(long sessionId) => new(string.Create(CultureInfo.InvariantCulture, $"Session {sessionId} has no waiting room."));
}
