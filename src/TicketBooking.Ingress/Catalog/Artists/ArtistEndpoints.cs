using Microsoft.AspNetCore.Http.HttpResults;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Ingress.Catalog;

/// <summary>
/// Artists: <c>GET /api/artists</c>, <c>GET /api/artists/{id}</c> (with its events), <c>PUT /api/admin/artists/{id}</c>.
/// The organizer that created an artist renames it; any organizer may name any artist in its events.
/// </summary>
public static class ArtistEndpoints
{
    public static void MapArtistReads(this IEndpointRouteBuilder catalog)
    {
        catalog.MapGet("/artists", ListAsync).WithName("ListArtists").WithSummary("Artists by id, a page at a time.");
        catalog.MapGet("/artists/{artistId}", GetAsync).WithName("GetArtist").WithSummary("An artist with the events that name it.");
    }

    public static void MapArtistWrites(this IEndpointRouteBuilder admin) =>
        admin.MapPut("/artists/{artistId}", PutAsync)
            .WithName("PutArtist")
            .WithSummary("Creates an artist the caller then owns, or renames one it owns.")
            .Accepts<ArtistRequest>("application/json");

    private static async Task<Results<ETaggedJson<List<Artist>>, BadRequestProblem>> ListAsync(
        [AsParameters] PageQuery query, HttpContext http, ArtistStore store, CancellationToken cancellationToken)
    {
        if (Page.Read(query.Limit, query.After, 1, out var problem) is not { } page)
        {
            return problem!;
        }

        var artists = await store.ListAsync(page.After?[0] ?? 0, page.Limit + 1, cancellationToken).ConfigureAwait(false);
        return new ETaggedJson<List<Artist>>(page.Finish(artists, http, artist => [artist.Id]));
    }

    private static async Task<Results<ETaggedJson<ArtistDetails>, NotFoundProblem>> GetAsync(
        long artistId, ArtistStore artists, EventStore events, CancellationToken cancellationToken)
    {
        if (await artists.FindAsync(artistId, cancellationToken).ConfigureAwait(false) is not { } artist)
        {
            return new NotFoundProblem($"There is no artist {artistId}.");
        }

        var named = await events.OfArtistAsync(artistId, cancellationToken).ConfigureAwait(false);
        return new ETaggedJson<ArtistDetails>(new ArtistDetails(artist.Id, artist.Name, named));
    }

    private static async Task<Results<Ok<Artist>, BodyProblem, UnprocessableProblem, ForbiddenProblem>> PutAsync(
        long artistId, HttpContext http, ArtistStore store, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ArtistRequest>(http.Request, JsonBody.DefaultMaxBytes, ArtistRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        if ((Limits.Id(artistId, "artistId") ?? request.Validate()) is { } invalid)
        {
            return invalid;
        }

        var artist = new Artist(artistId, request.Name.Trim());
        return await store.PutAsync(artist, Caller.IdOf(http), Caller.IsAdmin(http), cancellationToken).ConfigureAwait(false)
            ? TypedResults.Ok(artist)
            : Ownership.NotYours($"Artist {artistId}");
    }
}
