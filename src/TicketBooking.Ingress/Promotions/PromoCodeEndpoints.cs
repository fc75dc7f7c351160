using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using TicketBooking.Engine.Promotions;
using TicketBooking.Ingress.Catalog;
using TicketBooking.Messaging;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Ingress.Promotions;

/// <summary>
/// <c>POST /api/admin/promo-codes</c>, <c>GET /api/admin/promo-codes</c> and <c>GET /api/admin/promo-codes/{id}</c>:
/// an organizer's codes for the sessions it owns (an admin's for any), defined in the engine partitions of those
/// sessions before the 201.
/// </summary>
public static class PromoCodeEndpoints
{
    public const int MaxBodyBytes = 64 * 1024;

    public static void MapPromoCodeEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapPost("/promo-codes", CreateAsync)
            .WithName("CreatePromoCode")
            .WithSummary("Creates a promo code for sessions the caller owns; 201 once every engine partition of those sessions has its definition in the input log. Sent again with the same terms, it answers the stored code (publishing it again if it is still pending).")
            .WithLocation(StatusCodes.Status201Created, "the promo code")
            .Accepts<PromoCodeRequest>("application/json");
        admin.MapGet("/promo-codes", ListAsync)
            .WithName("ListPromoCodes")
            .WithSummary("The caller's promo codes (an admin's: everyone's) by id, a page at a time.");
        admin.MapGet("/promo-codes/{promoCodeId}", GetAsync)
            .WithName("GetPromoCode")
            .WithSummary("One of the caller's promo codes (an admin: any).");
    }

    private static async Task<Results<Created<PromoCodeView>, BodyProblem, UnprocessableProblem, ForbiddenProblem, ConflictProblem, UnavailableProblem>> CreateAsync(
        HttpContext http,
        PromoCodeStore store,
        Ownership ownership,
        InputPublisher publisher,
        TimeProvider clock,
        IOptions<IngressOptions> options,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<PromoCodeRequest>(http.Request, MaxBodyBytes, PromoCodeRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        if (request.Validate(clock.GetUtcNow()) is { } invalid)
        {
            return invalid;
        }

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
        }

        var sessions = await store.SessionsAsync(request.SessionIds, request.EventId, cancellationToken).ConfigureAwait(false);
        if (sessions.FirstOrDefault(session => !Ownership.Allows(http, session.OwnerId)) is { } foreign)
        {
            return Ownership.NotYours(string.Create(CultureInfo.InvariantCulture, $"Session {foreign.Id}"));
        }

        if (CheckScope(request, sessions, options.Value.PartitionCount) is { } scopeProblem)
        {
            return scopeProblem;
        }

        PromoCodeText.TryNormalize(request.Code, out var text);
        var asked = new StoredPromoCode(
            0,
            text!,
            Caller.IdOf(http),
            request.KindValue!.Value,
            request.Value,
            ToMilliseconds(request.ValidFrom),
            ToMilliseconds(request.ValidUntil),
            request.MaxUses,
            request.MaxUsesPerBuyer,
            request.EventId,
            [.. sessions.Select(session => session.Id)],
            [.. (request.Categories ?? []).Order()],
            IsDefined: false);
        var stored = await store.TryInsertAsync(asked, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            // The text is taken: an earlier attempt of this owner with these terms is finished with what it stored.
            var earlier = await store.FindByCodeAsync(asked.Code, cancellationToken).ConfigureAwait(false);
            if (earlier is null || !earlier.SameTermsAs(asked))
            {
                return new ConflictProblem($"The promo code {asked.Code} exists.");
            }

            stored = earlier;
        }

        if (!stored.IsDefined)
        {
            if (await PublishAsync(stored, publisher, options.Value, cancellationToken).ConfigureAwait(false) is { } unavailable)
            {
                return unavailable;
            }

            await store.MarkDefinedAsync(stored.Id, cancellationToken).ConfigureAwait(false);
            stored = stored with { IsDefined = true };
        }

        return TypedResults.Created($"/api/admin/promo-codes/{stored.Id}", PromoCodeView.From(stored));
    }

    /// <summary>
    /// One definition per partition, each with a message id of its own, so a retry within the stream's duplicate
    /// window is stored once and one after it is refused by the engine as a code it has: the first definition stays.
    /// </summary>
    private static async Task<UnavailableProblem?> PublishAsync(StoredPromoCode code, InputPublisher publisher, IngressOptions settings, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.PublishTimeout);
        try
        {
            await Task.WhenAll(PromoCodeDefinitions.Split(code.ToTerms(), settings.PartitionCount).Select(part =>
                publisher.PublishPromoCodeAsync(part.Partition, part.Definition, string.Create(CultureInfo.InvariantCulture, $"promo-{code.Id}-{part.Partition}"), timeout.Token).AsTask()))
                .ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is NatsException or OperationCanceledException or TimeoutException)
        {
            return new UnavailableProblem("The promo code is stored but not yet defined everywhere; send the same request again.", retryAfterSeconds: 2);
        }
    }

    private static UnprocessableProblem? CheckScope(PromoCodeRequest request, List<ScopedSession> sessions, int partitionCount)
    {
        if (request.SessionIds is { } named && sessions.Count != named.Length)
        {
            var missing = named.First(id => sessions.All(session => session.Id != id));
            return new UnprocessableProblem("sessionIds", string.Create(CultureInfo.InvariantCulture, $"There is no session {missing}."));
        }

        if (sessions.Count == 0)
        {
            return new UnprocessableProblem("eventId", "The event has no sessions yet.");
        }

        if (sessions.Count > PromoCodeTerms.MaxSessions)
        {
            return new UnprocessableProblem("eventId", string.Create(CultureInfo.InvariantCulture, $"A code applies to at most {PromoCodeTerms.MaxSessions} sessions."));
        }

        if (sessions.FirstOrDefault(session => !session.OnSale) is { } closed)
        {
            return new UnprocessableProblem("sessionIds", string.Create(CultureInfo.InvariantCulture, $"Session {closed.Id} is not on sale yet."));
        }

        if (request.Categories is { Length: > 0 } categories && categories.Max() >= sessions.Max(session => session.CategoryCount))
        {
            return new UnprocessableProblem("categories", string.Create(CultureInfo.InvariantCulture, $"No session of the code has category {categories.Max()}."));
        }

        var minimum = PromoCodeDefinitions.MinTotalUses(sessions.Select(session => session.Id), partitionCount);
        return request.MaxUses > 0 && request.MaxUses < minimum
            ? new UnprocessableProblem("maxUses", string.Create(CultureInfo.InvariantCulture, $"The sessions are in {minimum} engine partitions, which split the uses: allow 0 (unlimited) or at least {minimum}."))
            : null;
    }

    private static async Task<Results<ETaggedJson<List<PromoCodeView>>, BadRequestProblem>> ListAsync(
        [AsParameters] PageQuery query, HttpContext http, PromoCodeStore store, CancellationToken cancellationToken)
    {
        if (Page.Read(query.Limit, query.After, 1, out var problem) is not { } page)
        {
            return problem!;
        }

        var owner = Caller.IsAdmin(http) ? (long?)null : Caller.IdOf(http);
        var codes = await store.ListAsync(owner, page.After?[0] ?? 0, page.Limit + 1, cancellationToken).ConfigureAwait(false);
        return new ETaggedJson<List<PromoCodeView>>([.. page.Finish(codes, http, code => [code.Id]).Select(PromoCodeView.From)]);
    }

    private static async Task<Results<ETaggedJson<PromoCodeView>, NotFoundProblem>> GetAsync(long promoCodeId, HttpContext http, PromoCodeStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(promoCodeId, cancellationToken).ConfigureAwait(false) is { } code && Ownership.Allows(http, code.OwnerId)
            ? new ETaggedJson<PromoCodeView>(PromoCodeView.From(code))
            : new NotFoundProblem($"There is no promo code {promoCodeId} of yours.");

    private static DateTimeOffset ToMilliseconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}

/// <summary>A promo code as the organizer API shows it; <see cref="State"/> is pending until every partition has its definition.</summary>
public sealed record PromoCodeView(
    long Id,
    string Code,
    string Kind,
    long Value,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    long MaxUses,
    int MaxUsesPerBuyer,
    long? EventId,
    long[] SessionIds,
    int[] Categories,
    string State,
    DateTimeOffset CreatedAt)
{
    public static PromoCodeView From(StoredPromoCode code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return new(
            code.Id,
            code.Code,
            code.Kind == PromoKind.Percent ? PromoCodeRequest.Percent : PromoCodeRequest.Fixed,
            code.Value,
            code.ValidFrom,
            code.ValidUntil,
            code.MaxUses,
            code.MaxUsesPerBuyer,
            code.EventId,
            code.SessionIds,
            code.Categories,
            code.IsDefined ? StoredPromoCode.Defined : "pending",
            code.CreatedAt);
    }
}
