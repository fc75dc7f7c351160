using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace TicketBooking.ServiceDefaults.Http;

/// <summary>
/// RFC 9457 answers written outside a handler, by the rate limiters and exception handlers. Handlers return the
/// typed problems instead (<see cref="ProblemResult"/>), which declare themselves to OpenAPI.
/// </summary>
public static class Problems
{
    /// <summary>A temporary failure (503, 429): the client may retry after <paramref name="retryAfterSeconds"/>.</summary>
    public static IResult RetryLater(HttpContext context, int status, int retryAfterSeconds, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail: detail, statusCode: status);
    }
}
