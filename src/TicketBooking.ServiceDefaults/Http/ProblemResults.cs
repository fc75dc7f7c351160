using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace TicketBooking.ServiceDefaults.Http;

/// <summary>400: a header, query parameter or field the endpoint cannot work with (a body it cannot read is a <see cref="BodyProblem"/>).</summary>
public sealed class BadRequestProblem(string detail) : ProblemResult(StatusCodes.Status400BadRequest, detail), IEndpointMetadataProvider
{
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        ProblemMetadata.Declare(builder, StatusCodes.Status400BadRequest);
}

/// <summary>401 from the handler itself: credentials or a signature it checked and refused.</summary>
public sealed class UnauthorizedProblem(string detail) : ProblemResult(StatusCodes.Status401Unauthorized, detail), IEndpointMetadataProvider
{
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        ProblemMetadata.Declare(builder, StatusCodes.Status401Unauthorized);
}

/// <summary>403 from the handler itself: the caller is known, and this is not theirs to do.</summary>
public sealed class ForbiddenProblem(string detail) : ProblemResult(StatusCodes.Status403Forbidden, detail), IEndpointMetadataProvider
{
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        ProblemMetadata.Declare(builder, StatusCodes.Status403Forbidden);
}

/// <summary>404: what the request names is not there (or not the caller's to see).</summary>
public sealed class NotFoundProblem(string detail) : ProblemResult(StatusCodes.Status404NotFound, detail), IEndpointMetadataProvider
{
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        ProblemMetadata.Declare(builder, StatusCodes.Status404NotFound);
}

/// <summary>
/// 409: the request contradicts what is there already. With <paramref name="retryAfterSeconds"/> it says the conflict
/// passes (Retry-After); the endpoint declares that header itself, since not every 409 carries it.
/// </summary>
public sealed class ConflictProblem(string detail, int? retryAfterSeconds = null)
    : ProblemResult(StatusCodes.Status409Conflict, detail, retryAfterSeconds), IEndpointMetadataProvider
{
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        ProblemMetadata.Declare(builder, StatusCodes.Status409Conflict);
}

/// <summary>422: the request is well-formed but a field's value is not acceptable; <c>errors</c> names the field.</summary>
public sealed class UnprocessableProblem(string field, string message)
    : ProblemResult(
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] }) { Status = StatusCodes.Status422UnprocessableEntity }),
        retryAfterSeconds: null),
    IEndpointMetadataProvider
{
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        ProblemMetadata.DeclareValidation(builder, StatusCodes.Status422UnprocessableEntity);
}

/// <summary>429 from the handler itself (a limit it keeps, not the rate limiter's), with Retry-After.</summary>
public sealed class TooManyRequestsProblem(string detail, int retryAfterSeconds)
    : ProblemResult(StatusCodes.Status429TooManyRequests, detail, retryAfterSeconds), IEndpointMetadataProvider
{
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        ProblemMetadata.DeclareRetryAfter(builder, StatusCodes.Status429TooManyRequests);
}

/// <summary>503: a service the request needs is away; nothing changed, and the same request may be sent again after Retry-After.</summary>
public sealed class UnavailableProblem(string detail, int retryAfterSeconds)
    : ProblemResult(StatusCodes.Status503ServiceUnavailable, detail, retryAfterSeconds), IEndpointMetadataProvider
{
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        ProblemMetadata.DeclareRetryAfter(builder, StatusCodes.Status503ServiceUnavailable);
}
