using System.Net.Http.Json;

namespace TicketBooking.Demo;

/// <summary>
/// The partitions of a running engine host and what each is doing, read from the host's <c>/partitions</c>
/// (partition -> status, e.g. <c>{"0": "Running", "1": "Standby"}</c>). The demo runs beside the host, not inside it.
/// </summary>
internal sealed class EngineHostPartitions(HttpClient http)
{
    private const string Running = "Running";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The partitions the host hosts, running or not; waits until it answers with at least one.</summary>
    public async Task<IReadOnlyCollection<int>> HostedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await TryReadAsync(cancellationToken).ConfigureAwait(false) is { Count: > 0 } statuses)
            {
                return statuses.Keys;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task WaitUntilRunningAsync(int partition, CancellationToken cancellationToken)
    {
        while (await TryReadAsync(cancellationToken).ConfigureAwait(false) is not { } statuses
            || !statuses.TryGetValue(partition, out var status)
            || status != Running)
        {
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Null while the host does not answer (still starting).</summary>
    private async Task<Dictionary<int, string>?> TryReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetFromJsonAsync<Dictionary<int, string>>(new Uri("/partitions", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
