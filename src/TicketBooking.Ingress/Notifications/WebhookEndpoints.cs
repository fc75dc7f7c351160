using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using TicketBooking.Notifications;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Ingress.Notifications;

/// <summary>
/// Webhook subscriptions of organizers and admins: <c>POST /api/webhooks</c> (the secret is in this answer only),
/// <c>GET /api/webhooks</c>, <c>DELETE /api/webhooks/{id}</c> and <c>GET /api/webhooks/{id}/deliveries</c>, each on the
/// caller's own subscriptions only. An organizer's gets the outcomes of orders for its own sessions; an admin's may
/// ask for every session (<c>allEvents</c>).
/// </summary>
public static class WebhookEndpoints
{
    public const int MaxBodyBytes = 4 * 1024;
    public const int MaxDeliveries = 100;

    public const string Form = """{"url": "https://...", "allEvents": false}""";

    public static void MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var hooks = routes.MapGroup("/api/webhooks")
            .WithTag("Webhooks", "Signed POSTs (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature) of order outcomes to an organizer's URL, retried with backoff, each at least once; receivers deduplicate by webhook-id.")
            .RequireAuthorization(Policies.Organizer)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        hooks.MapPost("/", CreateAsync)
            .WithName("CreateWebhook")
            .WithSummary("Subscribes a URL; the answer carries the signing secret, which is never shown again.")
            .Accepts<WebhookRequest>("application/json");
        hooks.MapGet("/", ListAsync)
            .WithName("ListWebhooks")
            .WithSummary("The caller's subscriptions (without their secrets).");
        hooks.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteWebhook")
            .WithSummary("Ends one of the caller's subscriptions, with its pending deliveries.");
        hooks.MapGet("/{id}/deliveries", DeliveriesAsync)
            .WithName("ListWebhookDeliveries")
            .WithSummary($"The newest deliveries of one of the caller's subscriptions: pending (with the next attempt), delivered or failed; limit 1 to {MaxDeliveries} (20 unless given).");
    }

    private static async Task<Results<Created<CreatedWebhook>, BodyProblem, UnprocessableProblem, ForbiddenProblem, ConflictProblem, UnavailableProblem>> CreateAsync(
        HttpContext http, WebhookSubscriptions subscriptions, IOptions<NotificationOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<WebhookRequest>(http.Request, MaxBodyBytes, Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        var settings = options.Value;
        if (WebhookUrls.Problem(request.Url, settings.AllowLoopbackHttp, out var url) is { } refused)
        {
            return new UnprocessableProblem("url", refused);
        }

        var allEvents = request.AllEvents ?? false;
        if (allEvents && !Caller.IsAdmin(http))
        {
            return new ForbiddenProblem("Only an admin subscribes to every session's orders; an organizer's subscription covers its own events.");
        }

        try
        {
            if (await subscriptions.CreateAsync(Caller.IdOf(http), allEvents, url!, settings.MaxSubscriptionsPerOwner, cancellationToken).ConfigureAwait(false) is not var (created, secret))
            {
                return new ConflictProblem($"At most {settings.MaxSubscriptionsPerOwner} subscriptions per owner; delete one first.");
            }

            return TypedResults.Created($"/api/webhooks/{created.Id}", new CreatedWebhook(created.Id, created.Url, created.AllEvents, created.CreatedAt, secret));
        }
        catch (NpgsqlException)
        {
            return Unavailable();
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<WebhookSubscription>>, UnavailableProblem>> ListAsync(
        HttpContext http, WebhookSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await subscriptions.ListAsync(Caller.IdOf(http), cancellationToken).ConfigureAwait(false));
        }
        catch (NpgsqlException)
        {
            return Unavailable();
        }
    }

    private static async Task<Results<NoContent, NotFoundProblem, UnavailableProblem>> DeleteAsync(
        Guid id, HttpContext http, WebhookSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        try
        {
            return await subscriptions.DeleteAsync(Caller.IdOf(http), id, cancellationToken).ConfigureAwait(false)
                ? TypedResults.NoContent()
                : NotYours(id);
        }
        catch (NpgsqlException)
        {
            return Unavailable();
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<WebhookDelivery>>, UnprocessableProblem, NotFoundProblem, UnavailableProblem>> DeliveriesAsync(
        Guid id, int? limit, HttpContext http, WebhookSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxDeliveries)
        {
            return new UnprocessableProblem("limit", $"Give 1 to {MaxDeliveries}.");
        }

        try
        {
            return await subscriptions.DeliveriesAsync(Caller.IdOf(http), id, limit ?? 20, cancellationToken).ConfigureAwait(false) is { } deliveries
                ? TypedResults.Ok(deliveries)
                : NotYours(id);
        }
        catch (NpgsqlException)
        {
            return Unavailable();
        }
    }

    private static NotFoundProblem NotYours(Guid id) => new($"You have no webhook subscription {id}.");

    private static UnavailableProblem Unavailable() => new("Webhook subscriptions cannot be reached now (the database, or the projections worker that creates their tables, is not there yet).", retryAfterSeconds: 5);
}

/// <summary>A subscription asked for: where to POST, and (admins only) whether for every session.</summary>
public sealed record WebhookRequest(string? Url, bool? AllEvents);

/// <summary>A new subscription, with the secret that signs its deliveries: shown here only.</summary>
public sealed record CreatedWebhook(Guid Id, string Url, bool AllEvents, DateTimeOffset CreatedAt, string Secret);
