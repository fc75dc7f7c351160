using System.Globalization;
using System.Net.Http.Json;

namespace TicketBooking.LoadTests.Drop;

/// <summary>
/// Gives load-test buyers money through the wallet API: opens each buyer's account
/// (<c>POST /api/wallet/account</c>) and tops it up (<c>POST /api/wallet/top-ups</c>, Idempotency-Key
/// <c>fund-{buyer}-{run}</c>, so a repeated run with the same <paramref name="run"/> does not pay twice).
/// </summary>
public sealed class WalletFunder(HttpClient client, Uri wallet, string currency, string run, TimeProvider time)
{
    /// <summary>Time between attempts of one call.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Buyers funded at once.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Funds buyers <paramref name="firstBuyer"/> .. <paramref name="firstBuyer"/> + <paramref name="buyers"/> - 1 with <paramref name="amount"/> minor units each.</summary>
    public async Task FundAsync(long firstBuyer, int buyers, long amount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(firstBuyer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buyers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, buyers).Select(offset => firstBuyer + offset),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (buyer, token) =>
            {
                var id = buyer.ToString(CultureInfo.InvariantCulture);
                await RetriedCall.SendAsync(client, () => Request("/api/wallet/account", id, new { currency }, idempotencyKey: null), RetryDelay, time, token).ConfigureAwait(false);
                await RetriedCall.SendAsync(client, () => Request("/api/wallet/top-ups", id, new { amount, currency }, $"fund-{id}-{run}"), RetryDelay, time, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private HttpRequestMessage Request(string path, string buyer, object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(wallet, path)) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Buyer-Id", buyer);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }
}
