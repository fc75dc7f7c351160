namespace TicketBooking.Conventional;

/// <summary><c>POST /api/admin/sessions</c> (header <c>X-Admin-Key</c>): opens sessions for sale.</summary>
public static class AdminEndpoints
{
    public const string AdminKeyHeader = "X-Admin-Key";

    public static void MapAdminEndpoints(this IEndpointRouteBuilder routes, string adminKey)
    {
        routes.MapPost("/api/admin/sessions", async (SessionsRequest body, HttpRequest request, SessionAdmin admin, CancellationToken cancellationToken) =>
        {
            if (request.Headers[AdminKeyHeader].ToString() != adminKey)
            {
                return OrderEndpoints.Problem(StatusCodes.Status401Unauthorized, $"Send the header {AdminKeyHeader}.");
            }

            if (body.Invalid() is { } invalid)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [invalid] }, statusCode: StatusCodes.Status422UnprocessableEntity);
            }

            return await admin.CreateAsync(body, cancellationToken).ConfigureAwait(false)
                ? TypedResults.Created($"/api/sessions/{body.FirstId}", body)
                : OrderEndpoints.Problem(StatusCodes.Status409Conflict, $"A session in {body.FirstId}..{body.FirstId + body.Count - 1} exists already.");
        });
    }
}
