using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.Contracts;
using TicketBooking.LoadTests.Auth;

namespace TicketBooking.LoadTests.Drop;

/// <summary>
/// Gives load-test buyers money as the payment provider would: opens each buyer's account with the buyer's
/// own token (<c>POST /api/wallet/account</c>), then sends the wallet a signed callback for a succeeded payment
/// (<c>POST /api/payment-provider/callbacks</c>, payment id <c>fund-{buyer}-{run}</c>, so a repeated run with the
/// same <paramref name="run"/> does not pay twice).
/// </summary>
public sealed class WalletFunder(HttpClient client, Uri wallet, string currency, string run, BuyerTokens tokens, string providerSecret, TimeProvider time)
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
                await RetriedCall.SendAsync(client, () => OpenAccount(buyer), RetryDelay, time, token).ConfigureAwait(false);
                await RetriedCall.SendAsync(client, () => PaymentCallback(buyer, amount), RetryDelay, time, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private HttpRequestMessage OpenAccount(long buyer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(wallet, "/api/wallet/account")) { Content = JsonContent.Create(new { currency }) };
        request.Headers.TryAddWithoutValidation("Authorization", tokens.AuthorizationFor(buyer));
        return request;
    }

    /// <summary>Signed when sent, so a retry after a pause still falls inside the wallet's window.</summary>
    private HttpRequestMessage PaymentCallback(long buyer, long amount)
    {
        var paymentId = string.Create(CultureInfo.InvariantCulture, $"fund-{buyer}-{run}");
        var body = JsonSerializer.SerializeToUtf8Bytes(new { paymentId, buyerId = buyer, amount, currency, status = "succeeded" }, JsonSerializerOptions.Web);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(wallet, "/api/payment-provider/callbacks")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation(PaymentProviderSignature.Header, PaymentProviderSignature.Sign(providerSecret, time.GetUtcNow(), body));
        return request;
    }
}
