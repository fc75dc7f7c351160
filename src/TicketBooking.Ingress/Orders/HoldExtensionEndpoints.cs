using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using Npgsql;
using TicketBooking.Engine.Commands;
using TicketBooking.Ingress.Catalog;
using TicketBooking.Messaging;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Ingress.Orders;

/// <summary>
/// Issue 15's per-buyer rules: <c>POST /api/orders/{orderId}/extend</c> (a held order's timer restarts, a limited
/// number of times) and <c>GET /api/sessions/{sessionId}/limits</c> (what the buyer may still buy there).
/// </summary>
public static class HoldExtensionEndpoints
{
    /// <summary>Maps both on the buyers' order group (<see cref="OrderEndpoints"/>: signed in, rate limited).</summary>
    public static void MapHoldExtensionEndpoints(this RouteGroupBuilder buyer)
    {
        buyer.MapPost("/orders/{orderId}/extend", ExtendAsync)
            .WithName("ExtendHold")
            .WithSummary("Restarts a held order's timer (deadline = now + the session's hold timeout), as often as the session allows; 202 once the request is in the engine's input log. The order's holdDeadline and extensionsUsed show the outcome.")
            .WithLocation(StatusCodes.Status202Accepted, "the order")
            .WithRetryAfter(StatusCodes.Status409Conflict);
        buyer.MapGet("/sessions/{sessionId}/limits", LimitsAsync)
            .WithName("GetBuyerLimits")
            .WithSummary("The caller's limits in a session on sale: seats per buyer across all orders, the seats the caller's held and confirmed orders take, the seats left, and how often a hold may be extended. May lag the engine by a decision; the engine's check is the one that counts.");
    }

    private static async Task<Results<Accepted<OrderAccepted>, ConflictProblem, UnavailableProblem, Results<NotFoundProblem, UnavailableProblem>>> ExtendAsync(
        Guid orderId,
        HttpContext http,
        OrderStatusCache orders,
        OrderProjection projection,
        CatalogView catalog,
        InputPublisher publisher,
        IOptions<IngressOptions> options,
        CancellationToken cancellationToken)
    {
        var (order, unavailable) = await OrderEndpoints.FindOwnAsync(orderId, http, orders, projection, cancellationToken).ConfigureAwait(false);
        if (order is null)
        {
            return unavailable!;
        }

        if (order.State != OrderState.Held)
        {
            return order.State == OrderState.Pending
                ? new ConflictProblem("The order is not decided yet; extend it once it is held.", retryAfterSeconds: 1)
                : new ConflictProblem($"The order is {OrderRecord.StatusName(order.State)}: only a held order can be extended.");
        }

        // The catalog view holds the sessions on sale whose show is still to come: past that, no hold is extended.
        if (catalog.Find(order.SessionId) is not { OnSale: true } session)
        {
            return new ConflictProblem("The session is no longer on sale: its holds cannot be extended.");
        }

        if (session.MaxHoldExtensions == 0)
        {
            return new ConflictProblem("This session does not allow extending a hold.");
        }

        if (order.ExtensionsUsed >= session.MaxHoldExtensions)
        {
            return new ConflictProblem(string.Create(CultureInfo.InvariantCulture, $"The hold was extended {order.ExtensionsUsed} times, as often as this session allows."));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        try
        {
            // Numbered by the extension it asks for: a retry before the engine's answer is deduplicated by JetStream,
            // the next extension (asked once this one shows) is a message of its own.
            var extend = new ExtendHold(orderId, order.SessionId, order.BuyerId);
            var messageId = string.Create(CultureInfo.InvariantCulture, $"extend:{orderId:N}:{order.ExtensionsUsed + 1}");
            await publisher.PublishAsync(extend, messageId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is NatsException or OperationCanceledException or TimeoutException)
        {
            return new UnavailableProblem("The extension could not be recorded right now; retry.", retryAfterSeconds: 2);
        }

        return TypedResults.Accepted($"/api/orders/{orderId}", new OrderAccepted(orderId, "extending"));
    }

    private static async Task<Results<Ok<BuyerLimitsView>, NotFoundProblem, UnavailableProblem>> LimitsAsync(
        long sessionId,
        HttpContext http,
        OrderStatusCache orders,
        OrderProjection projection,
        CatalogView catalog,
        CancellationToken cancellationToken)
    {
        if (catalog.Find(sessionId) is not { OnSale: true } session)
        {
            return new NotFoundProblem($"Session {sessionId} is not on sale.");
        }

        var buyerId = Caller.IdOf(http);
        IReadOnlyList<OrderRecord> projected;
        try
        {
            projected = await projection.SeatHoldingOrdersAsync(buyerId, sessionId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is NpgsqlException or TimeoutException)
        {
            return new UnavailableProblem("Your orders cannot be read right now; try again.", retryAfterSeconds: 1);
        }

        var seatsTaken = SeatsTaken(projected, orders.OrdersOf(buyerId).Where(order => order.SessionId == sessionId));
        return TypedResults.Ok(new BuyerLimitsView(
            sessionId,
            session.MaxSeatsPerBuyer,
            seatsTaken,
            Math.Max(0, session.MaxSeatsPerBuyer - seatsTaken),
            session.MaxHoldExtensions));
    }

    /// <summary>
    /// The seats of the buyer's held and confirmed orders: the projection's rows, each replaced by what this
    /// instance's cache knows of the same order (it follows the journal, so it is at least as fresh), plus the
    /// cache's orders the projection has not written yet. Pending orders take no seats until the engine holds them.
    /// </summary>
    public static int SeatsTaken(IEnumerable<OrderRecord> projected, IEnumerable<OrderRecord> cached)
    {
        var byId = projected.ToDictionary(order => order.OrderId);
        foreach (var order in cached)
        {
            byId[order.OrderId] = order.Seats is null && byId.TryGetValue(order.OrderId, out var row) ? order with { Seats = row.Seats } : order;
        }

        return byId.Values.Where(order => order.State is OrderState.Held or OrderState.Confirmed).Sum(order => order.Seats?.Length ?? 0);
    }
}

/// <summary>
/// What <c>GET /api/sessions/{sessionId}/limits</c> shows the signed-in buyer: at most <see cref="MaxSeatsPerBuyer"/>
/// seats across all orders of the session, <see cref="SeatsTaken"/> by the buyer's held and confirmed orders,
/// <see cref="SeatsLeft"/> to buy, and how often one hold may be extended.
/// </summary>
public sealed record BuyerLimitsView(long SessionId, int MaxSeatsPerBuyer, int SeatsTaken, int SeatsLeft, int MaxHoldExtensions);
