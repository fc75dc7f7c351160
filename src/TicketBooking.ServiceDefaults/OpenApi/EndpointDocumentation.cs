using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace TicketBooking.ServiceDefaults.OpenApi;

/// <summary>Endpoint metadata: a tag's description, for the document's tag list.</summary>
public sealed record TagDescription(string Name, string Description);

/// <summary>Endpoint metadata: a request header or query parameter the handler reads itself, so ASP.NET cannot infer it.</summary>
public sealed record DocumentedParameter(string Name, ParameterLocation Location, string Description, bool Required);

/// <summary>Endpoint metadata: a header the endpoint sets on responses of one status code.</summary>
public sealed record DocumentedResponseHeader(int StatusCode, string Name, string Description, JsonSchemaType Type)
{
    /// <summary>Retry-After on <paramref name="statusCode"/>, as the retry-later problems and the rate limiters send it.</summary>
    public static DocumentedResponseHeader RetryAfter(int statusCode) =>
        new(statusCode, HeaderNames.RetryAfter, "Seconds to wait before sending the same request again.", JsonSchemaType.Integer);
}
