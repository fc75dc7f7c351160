using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Npgsql;
using TicketBooking.Ingress.Orders;
using TicketBooking.Notifications;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Ingress.Notifications;

/// <summary>
/// <c>GET /api/notifications</c> (the caller's, newest first, keyset paged by <c>?before=</c>) and
/// <c>GET /api/notifications/stream</c> (Server-Sent Events of the caller's new ones, resuming after Last-Event-ID).
/// </summary>
public static class NotificationEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    private const int CatchUpLimit = 1_000;

    public static void MapNotificationEndpoints(this IEndpointRouteBuilder routes, string rateLimitPolicy)
    {
        var buyer = routes.MapGroup("/api/notifications")
            .WithTag("Notifications", "What became of the caller's orders (confirmed with tickets, released, expired, cancelled, refunded, rejected), stored and streamed.")
            .RequireAuthorization(Policies.Buyer)
            .RequireRateLimiting(rateLimitPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithRetryAfter(StatusCodes.Status429TooManyRequests);
        buyer.MapGet("/", ListAsync)
            .WithName("ListNotifications")
            .WithSummary($"The caller's notifications, newest first: limit 1 to {MaxLimit} ({DefaultLimit} unless given), before a notification's cursor for older ones; the next page is in Link: <...>; rel=\"next\".")
            .WithResponseHeader(StatusCodes.Status200OK, HeaderNames.Link, "The next page, when there may be one.");
        buyer.MapGet("/stream", Stream)
            .WithName("StreamNotifications")
            .WithSummary("Server-Sent Events: a 'ready' event, then a 'notification' event (id = its cursor) for each new one, 'heartbeat' events while quiet. With Last-Event-ID, the ones after it come first.")
            .WithHeader("Last-Event-ID", "The cursor of the last notification received: the stream starts after it.")
            .ProducesEventStream();
    }

    private static async Task<Results<Ok<List<NotificationView>>, UnprocessableProblem, UnavailableProblem>> ListAsync(
        int? limit, long? before, HttpContext http, NotificationReader reader, TicketCodes codes, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return new UnprocessableProblem("limit", $"Give 1 to {MaxLimit}.");
        }

        if (before is < 1)
        {
            return new UnprocessableProblem("before", "A cursor is positive.");
        }

        var size = limit ?? DefaultLimit;
        IReadOnlyList<Notification> page;
        try
        {
            page = await reader.PageAsync(Caller.IdOf(http), before, size + 1, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            return Unavailable();
        }

        var views = page.Take(size).Select(notification => NotificationView.Of(notification, codes)).ToList();
        if (page.Count > size)
        {
            var query = QueryString.Create([KeyValuePair.Create("limit", (string?)size.ToString(CultureInfo.InvariantCulture)), KeyValuePair.Create("before", (string?)views[^1].Cursor.ToString(CultureInfo.InvariantCulture))]);
            http.Response.Headers[HeaderNames.Link] = $"<{http.Request.PathBase}{http.Request.Path}{query}>; rel=\"next\"";
        }

        return TypedResults.Ok(views);
    }

    private static Results<ServerSentEventsResult<object>, BadRequestProblem, TooManyRequestsProblem, UnavailableProblem> Stream(
        HttpContext http,
        NotificationFanout fanout,
        NotificationReader reader,
        EventStreamSlots slots,
        TicketCodes codes,
        TimeProvider clock,
        IOptions<NotificationOptions> options,
        CancellationToken cancellationToken)
    {
        long? lastEventId = null;
        var header = http.Request.Headers["Last-Event-ID"].ToString();
        if (header.Length > 0)
        {
            if (!long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return new BadRequestProblem("Last-Event-ID is the cursor of a notification this stream sent.");
            }

            lastEventId = parsed;
        }

        if (!fanout.IsListening)
        {
            return Unavailable();
        }

        if (slots.TryOpen(http) is not { } slot)
        {
            return new TooManyRequestsProblem("Too many event streams are open from this address or on this instance.", retryAfterSeconds: 5);
        }

        http.Response.RegisterForDispose(slot);
        var buyerId = Caller.IdOf(http);
        var settings = options.Value;
        var feed = fanout.Follow(buyerId, settings.MaxStreamsPerBuyer);
        if (feed is null)
        {
            return new TooManyRequestsProblem($"At most {settings.MaxStreamsPerBuyer} notification streams per user are open at once.", retryAfterSeconds: 5);
        }

        http.Response.RegisterForDispose(feed);

        // Following began before the position is taken: whatever the listener reads from now on is in the feed.
        var after = lastEventId ?? fanout.Position;
        return TypedResults.ServerSentEvents(EventsAsync(buyerId, after, feed, reader, codes, clock, settings.HeartbeatInterval, slots.Lifetime(), cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> EventsAsync(
        long buyerId,
        long after,
        NotificationFanout.Feed feed,
        NotificationReader reader,
        TicketCodes codes,
        TimeProvider clock,
        TimeSpan heartbeat,
        TimeSpan lifetime,
        [EnumeratorCancellation] CancellationToken requestAborted)
    {
        // Past its lifetime the stream ends as if the client had gone; the client reconnects after the retry hint.
        using var open = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        open.CancelAfter(lifetime);
        var cancellationToken = open.Token;
        yield return new SseItem<object>(new NotificationStreamReady(after), "ready") { ReconnectionInterval = EventStreamSlots.ReconnectDelay };

        var sent = after;
        IReadOnlyList<Notification> missed;
        do
        {
            var read = reader.OwnAfterAsync(buyerId, sent, CatchUpLimit, cancellationToken);
            await ((Task)read).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!read.IsCompletedSuccessfully)
            {
                yield break;
            }

            missed = read.Result;
            foreach (var notification in missed)
            {
                sent = notification.Position;
                yield return Event(notification, codes);
            }
        }
        while (missed.Count == CatchUpLimit);

        while (!cancellationToken.IsCancellationRequested)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(heartbeat);
            var ready = feed.Notifications.WaitToReadAsync(quiet.Token).AsTask();
            await ((Task)ready).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            if (!ready.IsCompletedSuccessfully)
            {
                yield return new SseItem<object>(new NotificationHeartbeat(clock.GetUtcNow()), "heartbeat");
                continue;
            }

            // A completed feed fell behind: ending the stream makes the client reconnect with Last-Event-ID.
            if (!ready.Result)
            {
                yield break;
            }

            while (feed.Notifications.TryRead(out var notification))
            {
                if (notification.Position > sent)
                {
                    sent = notification.Position;
                    yield return Event(notification, codes);
                }
            }
        }
    }

    private static SseItem<object> Event(Notification notification, TicketCodes codes) =>
        new(NotificationView.Of(notification, codes), "notification") { EventId = notification.Position.ToString(CultureInfo.InvariantCulture) };

    private static UnavailableProblem Unavailable() => new("Notifications cannot be read now (the database, or the projections worker that creates them, is not there yet).", retryAfterSeconds: 5);
}
