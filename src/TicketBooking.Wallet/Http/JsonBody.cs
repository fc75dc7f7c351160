using System.Text.Json;
using TicketBooking.ServiceDefaults.Http;

namespace TicketBooking.Wallet.Http;

/// <summary>Reads a small JSON request body, answering a problem (400, 413) rather than throwing.</summary>
internal static class JsonBody
{
    public const int MaxBytes = 4 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, string expected, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), JsonSerializerOptions.Web);
            return value is null ? (null, Malformed(expected)) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Status(StatusCodes.Status400BadRequest, $"The body is not valid JSON of the form {expected}: {e.Message}"));
        }
    }

    private static IResult Malformed(string expected) =>
        Problems.Status(StatusCodes.Status400BadRequest, $"Send a JSON body of the form {expected}.");

    private static IResult TooLarge() =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, $"A request body is at most {MaxBytes} bytes.");
}
