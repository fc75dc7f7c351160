using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TicketBooking.ServiceDefaults.Http;

/// <summary>Reads a small JSON request body, answering a problem (400, 413) rather than throwing.</summary>
public static class JsonBody
{
    public const int MaxBytes = 4 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, string expected, CancellationToken cancellationToken)
        where T : class
    {
        var body = await ReadBytesAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return (null, TooLarge());
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web);
            return value is null ? (null, Malformed(expected)) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Status(StatusCodes.Status400BadRequest, $"The body is not valid JSON of the form {expected}: {e.Message}"));
        }
    }

    /// <summary>The raw body, or null when it is over <see cref="MaxBytes"/>.</summary>
    public static async Task<byte[]?> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static IResult Malformed(string expected) =>
        Problems.Status(StatusCodes.Status400BadRequest, $"Send a JSON body of the form {expected}.");

    private static IResult TooLarge() =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, $"A request body is at most {MaxBytes} bytes.");
}
