using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Inventory;
using TicketBooking.Ingress.Catalog;
using TicketBooking.Ingress.Promotions;
using TicketBooking.Ingress.WaitingRoom;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;
using TicketBooking.Messaging;

namespace TicketBooking.Ingress.Admin;

/// <summary>
/// Organizer endpoints, for the organizer and admin roles: the catalog's writes (cities for admins only; venues,
/// halls, artists, events and sessions an organizer creates it then owns, and changes only those; an admin changes
/// any), mapped by each entity's endpoints, and the creation of sessions here.
/// </summary>
public static class AdminEndpoints
{
    private const long MaxGeneratedId = 1L << 53;

    /// <summary>A session with a price for each of 256 categories fits many times over.</summary>
    public const int MaxSessionBodyBytes = 64 * 1024;

    public static void MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/admin").WithTag("Catalog administration", "Cities (admins), and the venues, halls, artists, events and sessions on sale in them, for organizers (on what they own) and admins (on everything).")
            .RequireAuthorization(Policies.Organizer)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapCityWrites();
        admin.MapVenueWrites();
        admin.MapHallWrites();
        admin.MapArtistWrites();
        admin.MapEventWrites();
        admin.MapPromoCodeEndpoints();
        admin.MapPost("/sessions", CreateSessionAsync)
            .WithName("CreateSession")
            .WithSummary("Creates a session of an event in a hall the caller owns and opens it in the engine; on sale once the engine's input log acknowledged it.")
            .WithLocation(StatusCodes.Status201Created, "the session")
            .Accepts<CreateSessionRequest>("application/json");
    }

    private static async Task<Results<Created<SessionSummary>, BodyProblem, UnprocessableProblem, ForbiddenProblem, ConflictProblem, UnavailableProblem>> CreateSessionAsync(
        HttpContext http,
        CatalogStore store,
        HallStore halls,
        EventStore events,
        Ownership ownership,
        CatalogView catalog,
        InputPublisher publisher,
        SessionRooms rooms,
        IOptions<IngressOptions> options,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateSessionRequest>(http.Request, MaxSessionBodyBytes, CreateSessionRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        if (await halls.FindAsync(request.HallId, cancellationToken).ConfigureAwait(false) is not { } hall)
        {
            return new UnprocessableProblem("hallId", $"There is no hall {request.HallId}.");
        }

        var ownerId = Caller.IdOf(http);
        if (!Ownership.Allows(http, hall.OwnerId))
        {
            return Ownership.NotYours($"Hall {request.HallId}");
        }

        var title = request.Title;
        if (request.EventId is { } eventId)
        {
            var (exists, eventOwner) = await ownership.FindAsync(Ownership.Table.Events, eventId, cancellationToken).ConfigureAwait(false);
            if (!exists)
            {
                return new UnprocessableProblem("eventId", $"There is no event {eventId}.");
            }

            if (!Ownership.Allows(http, eventOwner))
            {
                return Ownership.NotYours($"Event {eventId}");
            }

            title ??= (await events.FindAsync(eventId, cancellationToken).ConfigureAwait(false))?.Title;
        }

        if (Validate(request with { Title = title }, hall.Layout, options.Value) is { } invalid)
        {
            return invalid;
        }

        var sessionId = request.Id ?? Random.Shared.NextInt64(1, MaxGeneratedId);
        var (room, roomProblem) = SessionRooms.SettingsOf(request, sessionId, ownerId);
        if (roomProblem is not null)
        {
            return roomProblem;
        }

        var session = new CatalogSession(
            sessionId,
            request.HallId,
            hall.Name,
            title!.Trim(),
            request.StartsAt,
            request.Prices,
            request.Currency.ToUpperInvariant(),
            request.HoldTimeoutSeconds * 1000L,
            request.MaxSeatsPerBuyer,
            hall.Layout,
            OnSale: false);
        if (await store.TryInsertSessionAsync(session, request.EventId, ownerId, cancellationToken).ConfigureAwait(false))
        {
            // Read back with its venue, city and event, as the catalog view and listings show it.
            session = await store.FindSessionAsync(session.Id, cancellationToken).ConfigureAwait(false) ?? session;
        }
        else
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

        if (room is not null && !await rooms.TryStoreAsync(room, cancellationToken).ConfigureAwait(false))
        {
            return WaitingRoomAdminEndpoints.StartedConflict();
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
        return TypedResults.Created($"/api/sessions/{session.Id}", SessionSummary.From(session, availability: null));
    }

    private static UnprocessableProblem? Validate(CreateSessionRequest request, HallLayout layout, IngressOptions options)
    {
        if (request.Id is <= 0)
        {
            return new UnprocessableProblem("id", "Session ids are positive.");
        }

        if (Limits.Text(request.Title, "title", "the session a title (or an eventId, whose title it takes)") is { } title)
        {
            return title;
        }

        var categories = layout.Sections.SelectMany(section => section.Rows).SelectMany(row => row.Seats).Max(seat => seat.Category) + 1;
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

