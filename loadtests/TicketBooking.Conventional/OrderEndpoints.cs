using System.Globalization;
using System.Text.Json;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Conventional;

/// <summary><c>POST /api/sessions/{sessionId}/orders</c> and <c>GET /api/orders/{orderId}</c>, shaped like the ingress's.</summary>
public static class OrderEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 100;

    public static void MapOrderEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/sessions/{sessionId:long}/orders", PlaceAsync);
        routes.MapGet("/api/orders/{orderId:guid}", GetAsync);
    }

    private static async Task<IResult> PlaceAsync(long sessionId, HttpRequest request, OrderBook book, CancellationToken cancellationToken)
    {
        if (!Caller.TryGetId(request.HttpContext.User, out var buyerId))
        {
            return Problem(StatusCodes.Status401Unauthorized, "Send Authorization: Bearer with a valid access token.");
        }

        var key = request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length is 0 or > MaxIdempotencyKeyLength)
        {
            return Problem(StatusCodes.Status400BadRequest, $"Send the header {IdempotencyKeyHeader} (1-{MaxIdempotencyKeyLength} characters), the same on every retry of this order.");
        }

        OrderRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<OrderRequest>(JsonSerializerOptions.Web, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Problem(StatusCodes.Status400BadRequest, "The body is not a valid order: send {\"seats\": [ids]} or {\"count\": n, \"category\": c}.");
        }

        var (choice, invalid) = body is null ? (null, "The body is empty.") : SeatChoice.From(body);
        if (choice is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [invalid!] }, statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        var result = await book.PlaceAsync(sessionId, buyerId, key, choice, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            PlaceOutcome.Held => TypedResults.Created($"/api/orders/{result.Order!.OrderId}", result.Order),
            PlaceOutcome.Replayed => TypedResults.Ok(result.Order),
            PlaceOutcome.SeatsTaken => Problem(StatusCodes.Status409Conflict, "At least one of the seats is taken; nothing was held."),
            PlaceOutcome.SoldOut => Problem(StatusCodes.Status409Conflict, "Not enough free seats of that category; nothing was held."),
            PlaceOutcome.SessionNotFound => Problem(StatusCodes.Status404NotFound, $"Session {sessionId} does not exist."),
            PlaceOutcome.KeyReused => Problem(StatusCodes.Status409Conflict, $"The {IdempotencyKeyHeader} was already used for a different order."),
            _ => throw new InvalidOperationException($"Unknown outcome {result.Outcome}."),
        };
    }

    private static async Task<IResult> GetAsync(Guid orderId, HttpRequest request, OrderBook book, CancellationToken cancellationToken)
    {
        if (!Caller.TryGetId(request.HttpContext.User, out var buyerId))
        {
            return Problem(StatusCodes.Status401Unauthorized, "Send Authorization: Bearer with a valid access token.");
        }

        return await book.FindAsync(orderId, buyerId, cancellationToken).ConfigureAwait(false) is { } order
            ? TypedResults.Ok(order)
            : Problem(StatusCodes.Status404NotFound, $"Order {orderId} was not found.");
    }

    internal static IResult Problem(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);
}
