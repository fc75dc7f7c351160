using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TicketBooking.ServiceDefaults.Http;

/// <summary>
/// The one way the services read a request body: at most a limit of bytes, then JSON. What cannot be read is
/// answered as a <see cref="BodyProblem"/> (RFC 9457), never thrown. The Content-Type is not checked: a body is
/// JSON or a 400.
/// </summary>
public static class JsonBody
{
    /// <summary>The limit of the small bodies most endpoints take (sign-in, a credit, a block reason).</summary>
    public const int DefaultMaxBytes = 4 * 1024;

    /// <summary>The first buffer for a body without Content-Length (chunked); it grows up to the limit.</summary>
    private const int InitialUnannouncedBytes = 16 * 1024;

    /// <summary>The body as a <typeparamref name="T"/>; <paramref name="expected"/> shows its form in the problem's detail.</summary>
    public static async Task<BodyRead<T>> ReadAsync<T>(HttpRequest request, int maxBytes, string expected, CancellationToken cancellationToken)
        where T : class
    {
        var read = await ReadBytesAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        return read.TryGetValue(out var body, out var problem) ? Parse<T>(body.Span, expected) : new BodyRead<T>(problem);
    }

    /// <summary>The raw body, for an endpoint that checks the bytes (a signature) before it parses them with <see cref="Parse{T}"/>.</summary>
    public static async Task<BodyRead<ReadOnlyMemory<byte>>> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (request.ContentLength > maxBytes)
        {
            return new(BodyProblem.TooLarge(maxBytes));
        }

        try
        {
            return await ReadUpToAsync(request, maxBytes, cancellationToken).ConfigureAwait(false) is { } body
                ? new(body)
                : new(BodyProblem.TooLarge(maxBytes));
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // The client went away or cut the body short: nothing was done, and it is the client's doing, not an error here.
            return new(Interrupted(request, e, maxBytes));
        }
    }

    public static BodyRead<T> Parse<T>(ReadOnlySpan<byte> body, string expected)
        where T : class
    {
        T? value;
        try
        {
            value = body.IsEmpty ? null : JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            return new(BodyProblem.Unreadable($"The body is not valid JSON of the form {expected}: {e.Message}"));
        }

        return value is null ? new(BodyProblem.Unreadable($"Send a JSON body of the form {expected}.")) : new(value);
    }

    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadUpToAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        // Sized by Content-Length when the client sent one, so a small body does not allocate the whole limit; one byte
        // more than announced tells a body longer than its Content-Length without growing the buffer.
        var buffer = new byte[request.ContentLength is { } announced ? announced + 1 : Math.Min(maxBytes + 1L, InitialUnannouncedBytes)];
        var length = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
            if (length > maxBytes)
            {
                return null;
            }

            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
            }
        }

        return buffer.AsMemory(0, length);
    }

    private static BodyProblem Interrupted(HttpRequest request, Exception exception, int maxBytes)
    {
        if (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return BodyProblem.ClientGone;
        }

        // Kestrel's own limit (MaxRequestBodySize), should it be below the endpoint's.
        return exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
            ? BodyProblem.TooLarge(maxBytes)
            : BodyProblem.Unreadable("The body ended before its announced length.");
    }
}
