namespace TicketBooking.LoadTests.Orchestration;

/// <summary>GET /metrics of a service this load test started: its Prometheus text, empty when it does not answer.</summary>
internal static class MetricsScrape
{
    public static async Task<string> TextAsync(HttpClient client, ServiceSpec service, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetStringAsync(new Uri(service.Url + "/metrics"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is HttpRequestException || (error is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return "";
        }
    }

    /// <summary>The settlement counters of every wallet, for <see cref="MetricsSummaries.Settlement"/>.</summary>
    public static async Task<List<string>> WalletLinesAsync(HttpClient client, IEnumerable<ServiceSpec> wallets, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var wallet in wallets)
        {
            lines.AddRange(MetricsSummaries.WalletLines(await TextAsync(client, wallet, cancellationToken).ConfigureAwait(false)));
        }

        return lines;
    }
}
