using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Inventory;
using TicketBooking.Ingress.Catalog;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;
using TicketBooking.Messaging;

namespace TicketBooking.Ingress.Admin;

/// <summary>
/// Organizer endpoints: halls and sessions, for the organizer and admin roles. An organizer creates halls and
/// sessions it then owns, and changes only those; an admin changes any.
/// </summary>
public static class AdminEndpoints
{
    private const long MaxGeneratedId = 1L << 53;

    /// <summary>A hall of <see cref="SessionLayout.MaxSeats"/> seats fits, even written out one category per line.</summary>
    public const int MaxHallBodyBytes = 4 * 1024 * 1024;

    /// <summary>A session with a price for each of 256 categories fits many times over.</summary>
    public const int MaxSessionBodyBytes = 64 * 1024;

    public static void MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/admin").WithTag("Catalog administration", "Halls and the sessions on sale in them, for organizers (on what they own) and admins (on everything).")
            .RequireAuthorization(Policies.Organizer)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapPut("/halls/{hallId}", PutHallAsync)
            .WithName("PutHall")
            .WithSummary("Creates a hall the caller then owns, or replaces the seat layout of one it owns (sessions keep the layout they opened with).")
            .Accepts<HallRequest>("application/json");
        admin.MapPost("/sessions", CreateSessionAsync)
            .WithName("CreateSession")
            .WithSummary("Creates a session in a hall the caller owns and opens it in the engine; on sale once the engine's input log acknowledged it.")
            .WithLocation(StatusCodes.Status201Created, "the session")
            .Accepts<CreateSessionRequest>("application/json");
    }

    private static async Task<Results<Ok<HallSaved>, BodyProblem, UnprocessableProblem, ForbiddenProblem>> PutHallAsync(
        long hallId, HttpContext http, CatalogStore store, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<HallRequest>(http.Request, MaxHallBodyBytes, HallRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var hall, out var problem))
        {
            return problem;
        }

        if (hallId <= 0)
        {
            return new UnprocessableProblem("hallId", "Hall ids are positive.");
        }

        if (string.IsNullOrWhiteSpace(hall.Name))
        {
            return new UnprocessableProblem("name", "A hall needs a name.");
        }

        if (hall.Rows is not { Count: > 0 } rows || rows.Any(row => row is null || string.IsNullOrWhiteSpace(row.Label) || row.Categories is not { Length: > 0 }))
        {
            return new UnprocessableProblem("rows", "A hall needs rows, each with a label and at least one seat.");
        }

        if (rows.Any(row => row.Categories.Any(category => category is < 0 or > byte.MaxValue)))
        {
            return new UnprocessableProblem("rows", "Seat categories run from 0 to 255.");
        }

        var seatCount = rows.Sum(row => row.Categories.Length);
        if (seatCount > SessionLayout.MaxSeats)
        {
            return new UnprocessableProblem("rows", string.Create(CultureInfo.InvariantCulture, $"A hall has at most {SessionLayout.MaxSeats} seats."));
        }

        if (!await store.PutHallAsync(hallId, hall, Caller.IdOf(http), Caller.IsAdmin(http), cancellationToken).ConfigureAwait(false))
        {
            return NotYours($"Hall {hallId}");
        }

        return TypedResults.Ok(new HallSaved(hallId, hall.Name, seatCount));
    }

    private static async Task<Results<Created<SessionSummary>, BodyProblem, UnprocessableProblem, ForbiddenProblem, ConflictProblem, UnavailableProblem>> CreateSessionAsync(
        HttpContext http,
        CatalogStore store,
        CatalogView catalog,
        InputPublisher publisher,
        IOptions<IngressOptions> options,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateSessionRequest>(http.Request, MaxSessionBodyBytes, CreateSessionRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        if (await store.FindHallAsync(request.HallId, cancellationToken).ConfigureAwait(false) is not { } hall)
        {
            return new UnprocessableProblem("hallId", $"There is no hall {request.HallId}.");
        }

        var ownerId = Caller.IdOf(http);
        var asAdmin = Caller.IsAdmin(http);
        if (!asAdmin && hall.OwnerId != ownerId)
        {
            return NotYours($"Hall {request.HallId}");
        }

        if (Validate(request, hall.Rows, options.Value) is { } invalid)
        {
            return invalid;
        }

        var session = new CatalogSession(
            request.Id ?? Random.Shared.NextInt64(1, MaxGeneratedId),
            request.HallId,
            hall.Name,
            request.Title,
            request.StartsAt,
            request.Prices,
            request.Currency.ToUpperInvariant(),
            request.HoldTimeoutSeconds * 1000L,
            request.MaxSeatsPerBuyer,
            hall.Rows,
            OnSale: false);
        if (!await store.TryInsertSessionAsync(session, ownerId, cancellationToken).ConfigureAwait(false))
        {
            // The id is taken: an earlier attempt of this owner that did not get its PubAck is finished with what it stored.
            var stored = await store.FindSessionAsync(session.Id, cancellationToken).ConfigureAwait(false);
            var (_, storedOwner) = await store.FindSessionOwnerAsync(session.Id, cancellationToken).ConfigureAwait(false);
            if (stored is null || stored.OnSale || storedOwner != ownerId)
            {
                return new ConflictProblem($"Session {session.Id} exists.");
            }

            session = stored;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        var open = new OpenSession(session.Id, session.ToLayout(), session.Prices, session.HoldTimeoutMs, session.MaxSeatsPerBuyer, session.StartsAt.ToUnixTimeMilliseconds());
        try
        {
            await publisher.PublishAsync(open, $"open-{session.Id}", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is NatsException or OperationCanceledException or TimeoutException)
        {
            return new UnavailableProblem("The session could not be opened right now; retry with the same id.", retryAfterSeconds: 2);
        }

        await store.MarkOnSaleAsync(session.Id, cancellationToken).ConfigureAwait(false);
        session = session with { OnSale = true };
        catalog.Add(session);
        return TypedResults.Created($"/api/sessions/{session.Id}", SessionSummary.From(session));
    }

    private static ForbiddenProblem NotYours(string what) => new($"{what} belongs to another organizer.");

    private static UnprocessableProblem? Validate(CreateSessionRequest request, IReadOnlyList<HallRow> rows, IngressOptions options)
    {
        if (request.Id is <= 0)
        {
            return new UnprocessableProblem("id", "Session ids are positive.");
        }

        if (string.IsNullOrWhiteSpace(request.Title))
        {
            return new UnprocessableProblem("title", "A session needs a title.");
        }

        var categories = rows.Max(row => row.Categories.Max()) + 1;
        if (request.Prices is not { Length: > 0 } prices || prices.Length < categories || prices.Length > 256 || prices.Any(price => price < 0 || price > options.MaxSeatPrice))
        {
            return new UnprocessableProblem("prices", string.Create(CultureInfo.InvariantCulture, $"Give a price (minor units, 0 to {options.MaxSeatPrice}) for each of the hall's {categories} categories."));
        }

        if (!string.Equals(request.Currency, options.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return new UnprocessableProblem("currency", $"Sessions are priced in {options.Currency}, the wallet's currency.");
        }

        if (request.HoldTimeoutSeconds is < 1 or > 24 * 3600)
        {
            return new UnprocessableProblem("holdTimeoutSeconds", "Holds last 1 second to 24 hours.");
        }

        if (request.MaxSeatsPerBuyer is < 1 or > TicketEngine.MaxSeatsPerBuyerLimit)
        {
            return new UnprocessableProblem("maxSeatsPerBuyer", string.Create(CultureInfo.InvariantCulture, $"Allow 1 to {TicketEngine.MaxSeatsPerBuyerLimit} seats per buyer."));
        }

        return request.StartsAt > DateTimeOffset.UtcNow ? null : new UnprocessableProblem("startsAt", "The show must start in the future.");
    }
}

/// <summary>The answer to <c>PUT /api/admin/halls/{hallId}</c>.</summary>
public sealed record HallSaved(long Id, string Name, int SeatCount);
