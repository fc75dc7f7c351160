using System.Globalization;
using System.Net;

namespace TicketBooking.LoadTests.Drop;

/// <summary>
/// One set-up call (admin API, wallet API) that must succeed: a 503 or a transport error is tried again, up to
/// five times; anything else that is not 2xx fails at once with <see cref="DropFailedException"/>.
/// </summary>
internal static class RetriedCall
{
    private const int Attempts = 5;

    public static async Task SendAsync(HttpClient client, Func<HttpRequestMessage> createRequest, TimeSpan retryDelay, TimeProvider time, CancellationToken cancellationToken)
    {
        string last = "";
        string what = "";
        for (int attempt = 1; attempt <= Attempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(retryDelay, time, cancellationToken).ConfigureAwait(false);
            }

            using var request = createRequest();
            what = $"{request.Method} {request.RequestUri?.AbsolutePath}";
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException error)
            {
                last = error.Message;
                continue;
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                last = string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {text}");
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    break;
                }
            }
        }

        throw new DropFailedException($"{what} failed: {last}");
    }
}
