using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace TicketBooking.ServiceDefaults.OpenApi;

/// <summary>
/// What an endpoint adds to its OpenAPI operation beyond what ASP.NET infers from the handler's signature:
/// tag descriptions, headers and query parameters read from the request directly, and response headers.
/// </summary>
public static class OpenApiEndpointExtensions
{
    /// <summary>Tags the endpoints and describes the tag in the document.</summary>
    public static TBuilder WithTag<TBuilder>(this TBuilder builder, string name, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithTags(name).WithMetadata(new TagDescription(name, description));

    /// <summary>A request header the handler reads (not Authorization: the security scheme declares that).</summary>
    public static TBuilder WithHeader<TBuilder>(this TBuilder builder, string name, string description, bool required = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DocumentedParameter(name, ParameterLocation.Header, description, required));

    /// <summary>An optional query parameter the handler reads from the query string itself.</summary>
    public static TBuilder WithQueryParameter<TBuilder>(this TBuilder builder, string name, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DocumentedParameter(name, ParameterLocation.Query, description, Required: false));

    /// <summary>A header set on responses with <paramref name="statusCode"/>.</summary>
    public static TBuilder WithResponseHeader<TBuilder>(this TBuilder builder, int statusCode, string name, string description, JsonSchemaType type = JsonSchemaType.String)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DocumentedResponseHeader(statusCode, name, description, type));

    /// <summary>
    /// Retry-After on each of <paramref name="statusCodes"/>, where the handler's types do not say it: the rate
    /// limiters' 429, or a status answered with and without it (<c>UnavailableProblem</c> and
    /// <c>TooManyRequestsProblem</c> declare their own).
    /// </summary>
    public static TBuilder WithRetryAfter<TBuilder>(this TBuilder builder, params int[] statusCodes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(statusCodes);
        foreach (var statusCode in statusCodes)
        {
            builder.WithMetadata(DocumentedResponseHeader.RetryAfter(statusCode));
        }

        return builder;
    }

    /// <summary>Location on <paramref name="statusCode"/> (201 or 202): where to read <paramref name="what"/>.</summary>
    public static TBuilder WithLocation<TBuilder>(this TBuilder builder, int statusCode, string what)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithResponseHeader(statusCode, HeaderNames.Location, $"The path to read {what} at.");

    /// <summary>
    /// The 200 response of a Server-Sent Events stream, which ASP.NET does not describe from
    /// <c>TypedResults.ServerSentEvents</c>.
    /// </summary>
    public static RouteHandlerBuilder ProducesEventStream(this RouteHandlerBuilder builder) =>
        builder.Produces<string>(StatusCodes.Status200OK, "text/event-stream");
}
