using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TicketBooking.ServiceDefaults.OpenApi;

namespace TicketBooking.Ingress.Catalog;

/// <summary>
/// A catalog read answered as JSON with a strong ETag, the first 128 bits of the SHA-256 of the body, so the tag
/// changes exactly when what a client would read does (relations and seats left included), whatever changed it.
/// An <c>If-None-Match</c> that names it (or <c>*</c>) is answered 304 with no body. The body is serialized once.
/// </summary>
public sealed class ETaggedJson<T>(T value) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    private const string IfNoneMatchDescription = "The ETag of an earlier read: 304 while the answer is the same.";
    private const string ETagDescription = "A strong tag of this answer's content, for If-None-Match.";

    public T Value { get; } = value;

    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(Value, options);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}\"";
        var response = httpContext.Response;
        response.Headers.ETag = etag;
        if (Matches(httpContext.Request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, httpContext.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>If-None-Match compares weakly (RFC 9110 13.1.2): a W/ prefix on the client's copy still matches.</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag) =>
        EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
        && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.Equals(etag, StringComparison.Ordinal));

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
        builder.Metadata.Add(new DocumentedParameter(HeaderNames.IfNoneMatch, Microsoft.OpenApi.ParameterLocation.Header, IfNoneMatchDescription, Required: false));
        builder.Metadata.Add(new DocumentedResponseHeader(StatusCodes.Status200OK, HeaderNames.ETag, ETagDescription, Microsoft.OpenApi.JsonSchemaType.String));
        builder.Metadata.Add(new DocumentedResponseHeader(StatusCodes.Status304NotModified, HeaderNames.ETag, ETagDescription, Microsoft.OpenApi.JsonSchemaType.String));
    }
}
