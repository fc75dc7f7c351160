using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using TicketBooking.ServiceDefaults.OpenApi;

namespace TicketBooking.ServiceDefaults.Http;

/// <summary>What a problem type declares to OpenAPI: the same response metadata as <c>ProducesProblem</c> and <c>ProducesValidationProblem</c>.</summary>
internal static class ProblemMetadata
{
    private const string ContentType = "application/problem+json";

    public static void Declare(EndpointBuilder builder, int statusCode) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(statusCode, typeof(ProblemDetails), [ContentType]));

    public static void DeclareValidation(EndpointBuilder builder, int statusCode) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(statusCode, typeof(HttpValidationProblemDetails), [ContentType]));

    public static void DeclareRetryAfter(EndpointBuilder builder, int statusCode)
    {
        Declare(builder, statusCode);
        builder.Metadata.Add(DocumentedResponseHeader.RetryAfter(statusCode));
    }
}
