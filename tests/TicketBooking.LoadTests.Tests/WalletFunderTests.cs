using System.Collections.Concurrent;
using System.Net;
using TicketBooking.LoadTests.Drop;

namespace TicketBooking.LoadTests.Tests;

public class WalletFunderTests
{
    private static readonly Uri Wallet = new("http://127.0.0.1:5280");

    [Fact]
    public async Task Each_buyer_gets_an_account_and_one_keyed_top_up()
    {
        var handler = new WalletHandler(HttpStatusCode.Created);
        using var client = new HttpClient(handler);

        await new WalletFunder(client, Wallet, "EUR", "run-1", TimeProvider.System).FundAsync(firstBuyer: 10, buyers: 3, amount: 5_000, CancellationToken.None);

        Assert.Equal(6, handler.Requests.Count);
        var topUps = handler.Requests.Where(r => r.Path == "/api/wallet/top-ups").OrderBy(r => r.Buyer).ToList();
        Assert.Equal(["10", "11", "12"], topUps.Select(r => r.Buyer));
        Assert.Equal(["fund-10-run-1", "fund-11-run-1", "fund-12-run-1"], topUps.Select(r => r.Key));
        Assert.All(topUps, r => Assert.Equal("""{"amount":5000,"currency":"EUR"}""", r.Body));
        Assert.Equal(3, handler.Requests.Count(r => r.Path == "/api/wallet/account" && r.Body == """{"currency":"EUR"}"""));
    }

    [Fact]
    public async Task A_refused_call_fails_the_funding_with_its_answer()
    {
        using var client = new HttpClient(new WalletHandler(HttpStatusCode.UnprocessableEntity));

        var error = await Assert.ThrowsAsync<DropFailedException>(() =>
            new WalletFunder(client, Wallet, "USD", "run", TimeProvider.System).FundAsync(1, 1, 5_000, CancellationToken.None));

        Assert.Contains("422", error.Message, StringComparison.Ordinal);
    }

    private sealed record Seen(string Path, string Buyer, string? Key, string Body);

    private sealed class WalletHandler(HttpStatusCode answer) : HttpMessageHandler
    {
        public ConcurrentQueue<Seen> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var key = request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null;
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Enqueue(new Seen(request.RequestUri!.AbsolutePath, request.Headers.GetValues("X-Buyer-Id").Single(), key, body));
            return new HttpResponseMessage(answer) { Content = new StringContent("{}") };
        }
    }
}
