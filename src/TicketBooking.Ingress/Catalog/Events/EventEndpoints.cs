using Microsoft.AspNetCore.Http.HttpResults;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Ingress.Catalog;

/// <summary>Events: <c>GET /api/events?artistId=&amp;kind=</c>, <c>GET /api/events/{id}</c> (with its artists), <c>PUT /api/admin/events/{id}</c>.</summary>
public static class EventEndpoints
{
    public static void MapEventReads(this IEndpointRouteBuilder catalog)
    {
        catalog.MapGet("/events", ListAsync).WithName("ListEvents").WithSummary("Events by id with their artists, of one artist and one kind when given, a page at a time.");
        catalog.MapGet("/events/{eventId}", GetAsync).WithName("GetEvent").WithSummary("An event with its artists in billing order.");
    }

    public static void MapEventWrites(this IEndpointRouteBuilder admin) =>
        admin.MapPut("/events/{eventId}", PutAsync)
            .WithName("PutEvent")
            .WithSummary("Creates an event the caller then owns, or replaces one it owns with its artists.")
            .Accepts<EventRequest>("application/json");

    private static async Task<Results<ETaggedJson<List<EventView>>, BadRequestProblem>> ListAsync(
        long? artistId, string? kind, [AsParameters] PageQuery query, HttpContext http, EventStore store, CancellationToken cancellationToken)
    {
        if (Page.Read(query.Limit, query.After, 1, out var problem) is not { } page)
        {
            return problem!;
        }

        if (kind is not null && !EventRequest.Kinds.Contains(kind))
        {
            return new BadRequestProblem($"kind is one of {string.Join(", ", EventRequest.Kinds)}.");
        }

        var events = await store.ListAsync(artistId, kind, page.After?[0] ?? 0, page.Limit + 1, cancellationToken).ConfigureAwait(false);
        return new ETaggedJson<List<EventView>>(page.Finish(events, http, found => [found.Id]));
    }

    private static async Task<Results<ETaggedJson<EventView>, NotFoundProblem>> GetAsync(long eventId, EventStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(eventId, cancellationToken).ConfigureAwait(false) is { } found
            ? new ETaggedJson<EventView>(found)
            : new NotFoundProblem($"There is no event {eventId}.");

    private static async Task<Results<Ok<EventView>, BodyProblem, UnprocessableProblem, ForbiddenProblem>> PutAsync(
        long eventId, HttpContext http, EventStore events, ArtistStore artists, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<EventRequest>(http.Request, JsonBody.DefaultMaxBytes, EventRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        if ((Limits.Id(eventId, "eventId") ?? request.Validate()) is { } invalid)
        {
            return invalid;
        }

        long[] artistIds = [.. request.ArtistIds ?? []];
        if (await artists.CountAsync(artistIds, cancellationToken).ConfigureAwait(false) != artistIds.Length)
        {
            return new UnprocessableProblem("artistIds", "Every artist must exist: create it first (PUT /api/admin/artists/{id}).");
        }

        var saved = new EventSummary(eventId, request.Title.Trim(), request.Kind, request.DurationMinutes, request.AgeRating?.Trim());
        if (!await events.PutAsync(saved, artistIds, Caller.IdOf(http), Caller.IsAdmin(http), cancellationToken).ConfigureAwait(false))
        {
            return Ownership.NotYours($"Event {eventId}");
        }

        // Read back with the artists' names; an event is never deleted, so it is there.
        return TypedResults.Ok((await events.FindAsync(eventId, cancellationToken).ConfigureAwait(false))!);
    }
}
