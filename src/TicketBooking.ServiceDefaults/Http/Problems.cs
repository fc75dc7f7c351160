using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace TicketBooking.ServiceDefaults.Http;

/// <summary>RFC 9457 problem details for the services' error answers.</summary>
public static class Problems
{
    public static IResult Status(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);

    /// <summary>422 with the offending fields.</summary>
    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] },
            statusCode: StatusCodes.Status422UnprocessableEntity);

    /// <summary>A temporary failure (503, 429): the client may retry after <paramref name="retryAfterSeconds"/>.</summary>
    public static IResult RetryLater(HttpContext context, int status, int retryAfterSeconds, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail: detail, statusCode: status);
    }
}
