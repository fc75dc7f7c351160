using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace TicketBooking.ServiceDefaults.Http;

/// <summary>
/// An RFC 9457 problem answer whose status is its type (<see cref="NotFoundProblem"/>, <see cref="ConflictProblem"/>, ...),
/// so a handler returning <c>Results&lt;Ok&lt;T&gt;, NotFoundProblem&gt;</c> declares its problems to OpenAPI by its
/// signature. The body is ASP.NET's problem document, as <c>TypedResults.Problem</c> writes it; a problem made with a
/// retry delay also sends Retry-After.
/// </summary>
public abstract class ProblemResult : IResult, IStatusCodeHttpResult
{
    private readonly ProblemHttpResult problem;
    private readonly int? retryAfterSeconds;

    private protected ProblemResult(int statusCode, string detail, int? retryAfterSeconds = null)
        : this(TypedResults.Problem(detail: detail, statusCode: statusCode), retryAfterSeconds)
    {
    }

    private protected ProblemResult(ProblemHttpResult problem, int? retryAfterSeconds)
    {
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ProblemDetails ProblemDetails => problem.ProblemDetails;

    public int? StatusCode => problem.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (retryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return problem.ExecuteAsync(httpContext);
    }
}
