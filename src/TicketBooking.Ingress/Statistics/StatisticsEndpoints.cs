using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using TicketBooking.Ingress.Catalog;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Ingress.Statistics;

/// <summary>
/// The statistics, twice: <c>/api/organizer/statistics/...</c> for organizers, over the sessions they own (another's
/// session, event or venue reads 404, as one that does not exist), and <c>/api/admin/statistics/...</c> for admins, over
/// everything. The same reads and shapes under both; only whose sessions count differs.
/// </summary>
public static class StatisticsEndpoints
{
    private const int RetryAfterSeconds = 5;

    public static void MapStatisticsEndpoints(this IEndpointRouteBuilder routes)
    {
        var organizer = routes.MapGroup("/api/organizer/statistics")
            .WithTag("Statistics", "Tickets sold and returned, revenue, refunds, fill rate and sales per minute, per session and summed per event, venue, city and artist, folded from the decision journal by the projections worker: organizers see their own sessions, admins everything (/api/admin/statistics).")
            .RequireAuthorization(Policies.Organizer)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddEndpointFilter(UnavailableUntilBuiltAsync);
        organizer.MapReads("Organizer", "the caller's", http => Caller.IdOf(http));
        var admin = routes.MapGroup("/api/admin/statistics")
            .WithTag("Statistics", "Tickets sold and returned, revenue, refunds, fill rate and sales per minute, per session and summed per event, venue, city and artist, folded from the decision journal by the projections worker: organizers see their own sessions, admins everything (/api/admin/statistics).")
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddEndpointFilter(UnavailableUntilBuiltAsync);
        admin.MapReads("Admin", "every organizer's", _ => null);
    }

    /// <param name="prefix">Starts each endpoint's name, which must be unique across the document.</param>
    /// <param name="whose">Whose sessions count, for the summaries.</param>
    /// <param name="ownerOf">The owner whose sessions count for a request; null: everyone's.</param>
    private static void MapReads(this RouteGroupBuilder group, string prefix, string whose, Func<HttpContext, long?> ownerOf)
    {
        group.MapGet("/sessions", async Task<Results<Ok<List<SessionStatistics>>, BadRequestProblem>> (
            long? eventId, [AsParameters] PageQuery query, HttpContext http, StatisticsStore store, CancellationToken cancellationToken) =>
        {
            if (Page.Read(query.Limit, query.After, 1, out var problem) is not { } page)
            {
                return problem!;
            }

            var sessions = await store.ListSessionsAsync(eventId, ownerOf(http), page.After?[0] ?? 0, page.Limit + 1, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(page.Finish(sessions, http, found => [found.SessionId]));
        })
            .WithName($"{prefix}ListSessionStatistics")
            .WithSummary($"The figures of {whose} sessions (of one event when given), by id, a page at a time.");

        group.MapGet("/sessions/{sessionId}", async Task<Results<Ok<SessionStatistics>, NotFoundProblem>> (
            long sessionId, HttpContext http, StatisticsStore store, CancellationToken cancellationToken) =>
            await store.FindSessionAsync(sessionId, ownerOf(http), cancellationToken).ConfigureAwait(false) is { } found
                ? TypedResults.Ok(found)
                : new NotFoundProblem($"There is no session {sessionId}."))
            .WithName($"{prefix}GetSessionStatistics")
            .WithSummary($"One of {whose} sessions: tickets sold and returned, gross revenue, discounts, refunds, net revenue, capacity and fill rate.");

        group.MapGet("/sessions/{sessionId}/sales-per-minute", async Task<Results<Ok<List<MinuteSales>>, BadRequestProblem, NotFoundProblem>> (
            long sessionId, DateTimeOffset? from, DateTimeOffset? to, HttpContext http, StatisticsStore store, CancellationToken cancellationToken) =>
        {
            if (Period(from, to) is { } invalid)
            {
                return invalid;
            }

            return await store.SalesPerMinuteAsync(sessionId, ownerOf(http), from, to, cancellationToken).ConfigureAwait(false) is { } minutes
                ? TypedResults.Ok(minutes)
                : new NotFoundProblem($"There is no session {sessionId}.");
        })
            .WithName($"{prefix}GetSalesPerMinute")
            .WithSummary($"Tickets confirmed and their money per minute (as the journal stamped them) for one of {whose} sessions, minutes with sales only, within [from, to) when given.");

        group.MapGet("/events", async Task<Results<Ok<List<EventStatistics>>, BadRequestProblem>> (
            [AsParameters] PageQuery query, HttpContext http, StatisticsStore store, CancellationToken cancellationToken) =>
        {
            if (Page.Read(query.Limit, query.After, 1, out var problem) is not { } page)
            {
                return problem!;
            }

            var events = await store.ListEventsAsync(null, ownerOf(http), page.After?[0] ?? 0, page.Limit + 1, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(page.Finish(events, http, found => [found.EventId]));
        })
            .WithName($"{prefix}ListEventStatistics")
            .WithSummary($"The figures of {whose} events, each the sum over its sessions, by id, a page at a time.");

        group.MapGet("/events/{eventId}", async Task<Results<Ok<EventStatistics>, NotFoundProblem>> (
            long eventId, HttpContext http, StatisticsStore store, CancellationToken cancellationToken) =>
            await store.FindEventAsync(eventId, ownerOf(http), cancellationToken).ConfigureAwait(false) is { } found
                ? TypedResults.Ok(found)
                : new NotFoundProblem($"There is no event {eventId}."))
            .WithName($"{prefix}GetEventStatistics")
            .WithSummary($"One of {whose} events: the sum of its sessions' figures.");

        group.MapGet("/venues/{venueId}", async Task<Results<Ok<VenueStatistics>, NotFoundProblem>> (
            long venueId, HttpContext http, StatisticsStore store, CancellationToken cancellationToken) =>
            await store.FindVenueAsync(venueId, ownerOf(http), cancellationToken).ConfigureAwait(false) is { } found
                ? TypedResults.Ok(found)
                : new NotFoundProblem($"There is no venue {venueId}."))
            .WithName($"{prefix}GetVenueStatistics")
            .WithSummary($"One of {whose} venues: the sum of the figures of the sessions in its halls.");

        group.MapGet("/cities/{cityId}", async Task<Results<Ok<CityStatistics>, NotFoundProblem>> (
            long cityId, HttpContext http, StatisticsStore store, CancellationToken cancellationToken) =>
            await store.FindCityAsync(cityId, ownerOf(http), cancellationToken).ConfigureAwait(false) is { } found
                ? TypedResults.Ok(found)
                : new NotFoundProblem($"There is no city {cityId}."))
            .WithName($"{prefix}GetCityStatistics")
            .WithSummary($"A city: the sum of the figures of {whose} sessions in its venues.");

        group.MapGet("/artists", async Task<Results<Ok<List<ArtistStatistics>>, BadRequestProblem>> (
            DateTimeOffset? from, DateTimeOffset? to, [AsParameters] PageQuery query, HttpContext http, StatisticsStore store, CancellationToken cancellationToken) =>
        {
            if (Period(from, to) is { } invalid)
            {
                return invalid;
            }

            if (Page.Read(query.Limit, query.After, 1, out var problem) is not { } page)
            {
                return problem!;
            }

            var artists = await store.ListArtistsAsync(from, to, ownerOf(http), page.After?[0] ?? 0, page.Limit + 1, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(page.Finish(artists, http, found => [found.ArtistId]));
        })
            .WithName($"{prefix}ListArtistStatistics")
            .WithSummary($"Artists billed in {whose} events with a session starting in [from, to) (either end open when not given): their events and visitors (tickets sold, not returned) in the period, by id, a page at a time.");
    }

    private static BadRequestProblem? Period(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } start && to is { } end && start >= end ? new BadRequestProblem("from must come before to: the period is [from, to).") : null;

    /// <summary>Before the projections worker created schema <c>statistics</c> on this database, a read answers 503 with a retry.</summary>
    private static async ValueTask<object?> UnavailableUntilBuiltAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return new UnavailableProblem("The statistics are not built yet: the projections worker creates them.", RetryAfterSeconds);
        }
    }
}
