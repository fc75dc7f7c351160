using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using Npgsql;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Promotions;
using TicketBooking.Ingress.Catalog;
using TicketBooking.Ingress.WaitingRoom;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;
using TicketBooking.Messaging;

namespace TicketBooking.Ingress.Orders;

/// <summary><c>POST /api/sessions/{sessionId}/orders</c>, <c>GET /api/orders/{orderId}</c> and <c>POST /api/orders/{orderId}/cancel</c>.</summary>
public static class OrderEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 100;

    public static void MapOrderEndpoints(this IEndpointRouteBuilder routes, string rateLimitPolicy)
    {
        var buyer = routes.MapGroup("/api")
            .WithTag("Orders", "A buyer's orders: place one, read or long-poll its status, follow all of them as Server-Sent Events, cancel one. Each call counts against the buyer's rate limit.")
            .RequireAuthorization(Policies.Buyer)
            .RequireRateLimiting(rateLimitPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithRetryAfter(StatusCodes.Status429TooManyRequests);
        buyer.MapPost("/sessions/{sessionId}/orders", PlaceAsync)
            .WithName("PlaceOrder")
            .WithSummary("Asks for seats; 202 once the request is in the engine's input log.")
            .WithHeader(IdempotencyKeyHeader, $"1 to {MaxIdempotencyKeyLength} characters the client picks for this purchase and sends again on every retry: a retry gets the same order, the same key with a different request 409.", required: true)
            .WithLocation(StatusCodes.Status202Accepted, "the order")
            .Accepts<OrderRequest>("application/json")
            .RequireAdmission();
        buyer.MapGet("/orders/{orderId}", GetAsync)
            .WithName("GetOrder")
            .WithSummary("An order's status; pending and held ones (not final yet) carry Retry-After. With ?wait=10 (or Prefer: wait=10) a pending or held order is answered as soon as it moves on, or after the wait.")
            .WithQueryParameter("wait", "Seconds (10 or 10s) to hold the read open while the order is pending or held; cut to the server's limit. Wins over Prefer.")
            .WithHeader("Prefer", "RFC 7240 wait=N: the same long poll as ?wait=N.")
            .WithRetryAfter(StatusCodes.Status200OK)
            .WithResponseHeader(StatusCodes.Status200OK, "Preference-Applied", "wait=N when the read honoured Prefer: wait, N the seconds it waited at most.");
        buyer.MapGet("/orders/stream", Stream)
            .WithName("StreamOrders")
            .WithSummary("Server-Sent Events: a 'ready' event, then one 'order' event each time one of the caller's orders changes (from then on; GET reads an order's current state).")
            .ProducesEventStream();
        buyer.MapPost("/orders/{orderId}/cancel", CancelAsync)
            .WithName("CancelOrder")
            .WithSummary("Gives a held or paid order back before the show; 202 once the request is in the engine's input log. A paid order is refunded.")
            .WithLocation(StatusCodes.Status202Accepted, "the order")
            .WithRetryAfter(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<BadRequestProblem, BodyProblem, NotFoundProblem, UnprocessableProblem, Results<Accepted<OrderAccepted>, ConflictProblem, UnavailableProblem>>> PlaceAsync(
        long sessionId,
        HttpContext http,
        CatalogView catalog,
        IdempotencyKeys keys,
        OrderStatusCache orders,
        GroupCommitPublisher publisher,
        InputHistoryReader history,
        IOptions<IngressOptions> options,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var buyerId = Caller.IdOf(http);
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length is 0 or > MaxIdempotencyKeyLength)
        {
            return new BadRequestProblem($"Send the header {IdempotencyKeyHeader} (1-{MaxIdempotencyKeyLength} characters), the same on every retry of this order.");
        }

        var body = await JsonBody.ReadAsync<OrderRequest>(http.Request, settings.MaxOrderBodyBytes, OrderRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        if (catalog.Find(sessionId) is not { OnSale: true } session)
        {
            return new NotFoundProblem($"Session {sessionId} is not on sale.");
        }

        if (Validate(request, session) is { } invalid)
        {
            return invalid;
        }

        var seats = request.Seats is { } ids ? SeatRequest.Explicit(ids) : SeatRequest.Adjacent(request.Count!.Value, request.Category!.Value, PreferencesOf(request));
        PromoCodeText.TryNormalize(request.PromoCode, out var promoCode);
        var purchase = new Purchase(OrderIds.From(buyerId, sessionId, key), sessionId, buyerId, seats, promoCode, request.Points ?? 0);
        return await RecordAsync(purchase, keys, orders, publisher, history, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Claims the purchase's Idempotency-Key and publishes it: 202 once it is in the input log.</summary>
    private static async Task<Results<Accepted<OrderAccepted>, ConflictProblem, UnavailableProblem>> RecordAsync(
        Purchase purchase,
        IdempotencyKeys keys,
        OrderStatusCache orders,
        GroupCommitPublisher publisher,
        InputHistoryReader history,
        IngressOptions settings,
        CancellationToken cancellationToken)
    {
        var orderId = purchase.OrderId;
        if (!keys.TryClaim(orderId, Fingerprint(purchase), out var claimedNow))
        {
            return KeyReused();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.PublishTimeout);
        PublishedInput published;
        try
        {
            published = await publisher.PublishAsync(purchase, orderId.ToString(), timeout.Token).ConfigureAwait(false);

            // Another instance (or this one, before a restart) stored this key first: only the same request may share it.
            if (published.Duplicate && claimedNow && !await IsSameStoredPurchaseAsync(history, published.StreamSequence, purchase, timeout.Token).ConfigureAwait(false))
            {
                keys.Release(orderId);
                return KeyReused();
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is NatsException or OperationCanceledException or TimeoutException)
        {
            if (claimedNow)
            {
                keys.Release(orderId);
            }

            return new UnavailableProblem("The order could not be recorded right now; retry with the same Idempotency-Key.", retryAfterSeconds: 2);
        }

        // A duplicate was accepted before: its decisions come (or came) from the journal, and an order that left
        // the cache is read from the projection. Marking it pending here would leave it pending for good.
        if (!published.Duplicate)
        {
            orders.Accepted(orderId, purchase.SessionId, purchase.BuyerId);
        }

        return TypedResults.Accepted($"/api/orders/{orderId}", new OrderAccepted(orderId, "pending"));
    }

    private static ConflictProblem KeyReused() => new($"The {IdempotencyKeyHeader} was already used for a different order.");

    private static async Task<Results<Ok<OrderView>, BadRequestProblem, Results<NotFoundProblem, UnavailableProblem>>> GetAsync(
        Guid orderId,
        HttpContext http,
        OrderStatusCache orders,
        OrderProjection projection,
        TicketCodes codes,
        IOptions<IngressOptions> options,
        CancellationToken cancellationToken)
    {
        if (!OrderWait.TryRead(http.Request, options.Value.MaxOrderWait, out var wait, out var fromPrefer))
        {
            return new BadRequestProblem($"wait is a number of seconds (wait=10 or wait=10s); more than {options.Value.MaxOrderWait.TotalSeconds:0} waits that long.");
        }

        var (order, unavailable) = await FindOwnAsync(orderId, http, orders, projection, cancellationToken).ConfigureAwait(false);
        if (order is null)
        {
            return unavailable!;
        }

        // A long poll: answered as soon as the order moves on from what it is now, or when the wait is over.
        if (wait > TimeSpan.Zero && order.State is OrderState.Pending or OrderState.Held)
        {
            await orders.WaitForChangeAsync(orderId, order.State, wait, cancellationToken).ConfigureAwait(false);
            if (orders.Find(orderId) is { } moved && moved.BuyerId == order.BuyerId)
            {
                order = moved;
            }
            else
            {
                // Forgotten while waiting (a retry whose first outcome had left the cache): the projection may know it.
                (order, unavailable) = await FindOwnAsync(orderId, http, orders, projection, cancellationToken).ConfigureAwait(false);
                if (order is null)
                {
                    return unavailable!;
                }
            }

            if (fromPrefer)
            {
                http.Response.Headers["Preference-Applied"] = string.Create(CultureInfo.InvariantCulture, $"wait={(int)wait.TotalSeconds}");
            }
        }

        // Not final yet: pending waits for the engine, held for the wallet's payment.
        if (order.State is OrderState.Pending or OrderState.Held)
        {
            http.Response.Headers.RetryAfter = "1";
        }

        return TypedResults.Ok(order.ToView(codes));
    }

    private static Results<ServerSentEventsResult<object>, TooManyRequestsProblem> Stream(
        HttpContext http, OrderStatusCache orders, EventStreamSlots slots, TicketCodes codes, IOptions<IngressOptions> options, CancellationToken cancellationToken)
    {
        if (slots.TryOpen(http) is not { } slot)
        {
            return new TooManyRequestsProblem("Too many event streams are open from this address or on this instance.", retryAfterSeconds: 5);
        }

        http.Response.RegisterForDispose(slot);
        var feed = orders.Follow(Caller.IdOf(http), options.Value.MaxOrderStreamsPerBuyer, capacity: 1_024);
        if (feed is null)
        {
            return new TooManyRequestsProblem($"At most {options.Value.MaxOrderStreamsPerBuyer} order streams per buyer are open at once.", retryAfterSeconds: 5);
        }

        http.Response.RegisterForDispose(feed);
        return TypedResults.ServerSentEvents(ChangesAsync(Caller.IdOf(http), feed, codes, slots.Lifetime(), cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> ChangesAsync(
        long buyerId, OrderFeed feed, TicketCodes codes, TimeSpan lifetime, [EnumeratorCancellation] CancellationToken requestAborted)
    {
        // Past its lifetime the stream ends as if the client had gone; the client reconnects after the retry hint.
        using var open = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        open.CancelAfter(lifetime);
        var cancellationToken = open.Token;

        // Says at once that the client is following, before the first change: nothing is sent until something is.
        yield return new SseItem<object>(new OrderStreamReady(buyerId), "ready") { ReconnectionInterval = EventStreamSlots.ReconnectDelay };
        while (!cancellationToken.IsCancellationRequested)
        {
            // A client that goes away ends the stream quietly: that is how every stream ends.
            var ready = feed.Changes.WaitToReadAsync(cancellationToken).AsTask();
            await ((Task)ready).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!ready.IsCompletedSuccessfully || !ready.Result)
            {
                yield break;
            }

            while (feed.Changes.TryRead(out var order))
            {
                yield return new SseItem<object>(order.ToView(codes), "order");
            }
        }
    }

    private static async Task<Results<Accepted<OrderAccepted>, ConflictProblem, UnavailableProblem, Results<NotFoundProblem, UnavailableProblem>>> CancelAsync(
        Guid orderId,
        HttpContext http,
        OrderStatusCache orders,
        OrderProjection projection,
        CatalogView catalog,
        CatalogStore store,
        InputPublisher publisher,
        TimeProvider clock,
        IOptions<IngressOptions> options,
        CancellationToken cancellationToken)
    {
        var (order, unavailable) = await FindOwnAsync(orderId, http, orders, projection, cancellationToken).ConfigureAwait(false);
        if (order is null)
        {
            return unavailable!;
        }

        if (order.State is not (OrderState.Held or OrderState.Confirmed))
        {
            return order.State == OrderState.Pending
                ? new ConflictProblem("The order is not decided yet; cancel it once it is held or confirmed.", retryAfterSeconds: 1)
                : new ConflictProblem($"The order is {OrderRecord.StatusName(order.State)}: there is nothing to cancel.");
        }

        // The catalog view holds only sessions whose show is still to come, so a started one is read from the store.
        CatalogSession? session;
        try
        {
            session = catalog.Find(order.SessionId) ?? await store.FindSessionAsync(order.SessionId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is NpgsqlException or TimeoutException)
        {
            return new UnavailableProblem("The session's start cannot be checked right now; retry.", retryAfterSeconds: 1);
        }

        if (session is not null && clock.GetUtcNow() >= session.StartsAt)
        {
            return new ConflictProblem("The show has started: tickets can no longer be cancelled.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        try
        {
            // One cancel per order: a retry is deduplicated by JetStream, and the engine refuses a second one anyway.
            var cancel = new Cancel(orderId, order.SessionId, order.BuyerId);
            await publisher.PublishAsync(cancel, $"cancel:{orderId:N}", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is NatsException or OperationCanceledException or TimeoutException)
        {
            return new UnavailableProblem("The cancellation could not be recorded right now; retry.", retryAfterSeconds: 2);
        }

        return TypedResults.Accepted($"/api/orders/{orderId}", new OrderAccepted(orderId, "cancelling"));
    }

    /// <summary>The caller's own order (another buyer's is "not found"), or the answer to give instead.</summary>
    private static async Task<(OrderRecord? Order, Results<NotFoundProblem, UnavailableProblem>? Instead)> FindOwnAsync(
        Guid orderId, HttpContext http, OrderStatusCache orders, OrderProjection projection, CancellationToken cancellationToken)
    {
        var buyerId = Caller.IdOf(http);
        var order = orders.Find(orderId);

        // Not in memory, or only its later decisions are (the buyer is unknown): the projection may have it.
        if (order is null || order.BuyerId == 0)
        {
            try
            {
                order = await projection.FindAsync(orderId, cancellationToken).ConfigureAwait(false) ?? order;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is NpgsqlException or TimeoutException)
            {
                return (null, new UnavailableProblem("Order status is not available right now; try again.", retryAfterSeconds: 1));
            }
        }

        return order is null || order.BuyerId != buyerId
            ? (null, new NotFoundProblem($"Order {orderId} is not known here (yet)."))
            : (order, null);
    }

    private static SeatPreferences PreferencesOf(OrderRequest request) =>
        (request.Accessible ? SeatPreferences.Accessible : SeatPreferences.None)
        | (request.Fallback == OrderRequest.SplitFallback ? SeatPreferences.SplitAcrossRows : SeatPreferences.None);

    private static UnprocessableProblem? Validate(OrderRequest request, CatalogSession session)
    {
        if (request.PromoCode is not null && !PromoCodeText.TryNormalize(request.PromoCode, out _))
        {
            return new UnprocessableProblem("promoCode", PromoCodeText.Rule + ".");
        }

        if (request.Points is < 0 or > OrderRequest.MaxPoints)
        {
            return new UnprocessableProblem("points", string.Create(CultureInfo.InvariantCulture, $"Spend 0 to {OrderRequest.MaxPoints} points."));
        }

        if (request.Fallback is not (null or OrderRequest.RejectFallback or OrderRequest.SplitFallback))
        {
            return new UnprocessableProblem("fallback", $"fallback is \"{OrderRequest.RejectFallback}\" (the default) or \"{OrderRequest.SplitFallback}\".");
        }

        if (request.Seats is { } seats)
        {
            if (request.Count is not null || request.Category is not null)
            {
                return new UnprocessableProblem("seats", "Give either seats, or count and category, not both.");
            }

            if (PreferencesOf(request) != SeatPreferences.None)
            {
                return new UnprocessableProblem("seats", "accessible and fallback choose how count and category are seated; chosen seats are taken as listed.");
            }

            if (seats.Length == 0 || seats.Length > session.MaxSeatsPerBuyer)
            {
                return new UnprocessableProblem("seats", string.Create(CultureInfo.InvariantCulture, $"Ask for 1 to {session.MaxSeatsPerBuyer} seats."));
            }

            if (seats.Any(seat => seat < 0 || seat >= session.SeatCount))
            {
                return new UnprocessableProblem("seats", string.Create(CultureInfo.InvariantCulture, $"Seat ids run from 0 to {session.SeatCount - 1}."));
            }

            return seats.Distinct().Count() == seats.Length ? null : new UnprocessableProblem("seats", "Each seat may be listed once.");
        }

        if (request.Count is not { } count || request.Category is not { } category)
        {
            return new UnprocessableProblem("count", "Give seats, or count and category.");
        }

        if (count < 1 || count > session.MaxSeatsPerBuyer)
        {
            return new UnprocessableProblem("count", string.Create(CultureInfo.InvariantCulture, $"Ask for 1 to {session.MaxSeatsPerBuyer} seats."));
        }

        return category >= 0 && category < session.Prices.Length
            ? null
            : new UnprocessableProblem("category", string.Create(CultureInfo.InvariantCulture, $"Categories run from 0 to {session.Prices.Length - 1}."));
    }

    /// <summary>
    /// Whether the purchase JetStream already holds under this order id asks for the same as <paramref name="purchase"/>.
    /// One the stream no longer holds cannot be compared; the engine answers a second purchase with that id as a duplicate anyway.
    /// </summary>
    private static async Task<bool> IsSameStoredPurchaseAsync(InputHistoryReader history, ulong streamSequence, Purchase purchase, CancellationToken cancellationToken)
    {
        var stored = await history.ReadAtAsync(streamSequence, cancellationToken).ConfigureAwait(false);
        return stored?.Command is not Purchase first
            || (first.SessionId == purchase.SessionId && Fingerprint(first) == Fingerprint(purchase));
    }

    /// <summary>What the order asks for, independent of how the JSON was written (without a code or points as before they existed).</summary>
    private static string Fingerprint(Purchase purchase) =>
        purchase.PromoCode is null && purchase.PointsToSpend == 0
            ? Fingerprint(purchase.SessionId, purchase.Seats)
            : string.Create(CultureInfo.InvariantCulture, $"{Fingerprint(purchase.SessionId, purchase.Seats)}:promo:{purchase.PromoCode}:points:{purchase.PointsToSpend}");

    /// <summary>What the seats asked for are, independent of how the JSON was written (without preferences as before they existed).</summary>
    private static string Fingerprint(long sessionId, SeatRequest seats) => seats.SeatIds is { } ids
        ? string.Create(CultureInfo.InvariantCulture, $"{sessionId}:seats:{string.Join(',', ids)}")
        : seats.Preferences == SeatPreferences.None
            ? string.Create(CultureInfo.InvariantCulture, $"{sessionId}:count:{seats.Count}:{seats.Category}")
            : string.Create(CultureInfo.InvariantCulture, $"{sessionId}:count:{seats.Count}:{seats.Category}:{(int)seats.Preferences}");
}

/// <summary>The first event of a buyer's order stream: following has begun.</summary>
public sealed record OrderStreamReady(long BuyerId);
