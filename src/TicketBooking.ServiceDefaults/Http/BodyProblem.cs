using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace TicketBooking.ServiceDefaults.Http;

/// <summary>
/// Why <see cref="JsonBody"/> gave no value: the body is missing, malformed or cut short (400) or over the endpoint's
/// limit (413), or the client went away while sending it, when nothing is answered: there is no one to answer, and
/// it is not an error here. Its type declares both statuses to OpenAPI.
/// </summary>
public sealed class BodyProblem : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    private readonly ProblemHttpResult? problem;

    private BodyProblem(ProblemHttpResult? problem) => this.problem = problem;

    internal static BodyProblem ClientGone { get; } = new(null);

    /// <summary>The status answered; null when the client went away.</summary>
    public int? StatusCode => problem?.StatusCode;

    internal static BodyProblem Unreadable(string detail) =>
        new(TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest));

    internal static BodyProblem TooLarge(int maxBytes) =>
        new(TypedResults.Problem(detail: $"A request body here is at most {maxBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge));

    public Task ExecuteAsync(HttpContext httpContext) => problem?.ExecuteAsync(httpContext) ?? Task.CompletedTask;

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ProblemMetadata.Declare(builder, StatusCodes.Status400BadRequest);
        ProblemMetadata.Declare(builder, StatusCodes.Status413PayloadTooLarge);
    }
}
