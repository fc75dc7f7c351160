using System.Collections.Concurrent;
using System.Net;
using System.Text;
using TicketBooking.Contracts;
using TicketBooking.LoadTests.Auth;
using TicketBooking.LoadTests.Drop;

namespace TicketBooking.LoadTests.Tests;

public class WalletFunderTests
{
    private static readonly Uri Wallet = new("http://127.0.0.1:5280");

    private const string ProviderSecret = "wallet-funder-tests-provider-secret-012345";
    private static readonly BuyerTokens Tokens = new(Convert.ToBase64String(new byte[32]), TimeProvider.System);

    [Fact]
    public async Task Each_buyer_gets_an_account_and_one_signed_provider_payment()
    {
        var handler = new WalletHandler(HttpStatusCode.Created);
        using var client = new HttpClient(handler);

        await new WalletFunder(client, Wallet, "EUR", "run-1", Tokens, ProviderSecret, TimeProvider.System).FundAsync(firstBuyer: 10, buyers: 3, amount: 5_000, CancellationToken.None);

        Assert.Equal(6, handler.Requests.Count);
        var accounts = handler.Requests.Where(r => r.Path == "/api/wallet/account").ToList();
        Assert.Equal(3, accounts.Count(r => r.Body == """{"currency":"EUR"}"""));
        Assert.Equal(new[] { 10L, 11L, 12L }.Select(Tokens.AuthorizationFor).Order(), accounts.Select(r => r.Authorization).Order());
        var payments = handler.Requests.Where(r => r.Path == "/api/payment-provider/callbacks").OrderBy(r => r.Body, StringComparer.Ordinal).ToList();
        Assert.Equal(
            new[] { 10, 11, 12 }.Select(buyer => $$"""{"paymentId":"fund-{{buyer}}-run-1","buyerId":{{buyer}},"amount":5000,"currency":"EUR","status":"succeeded"}"""),
            payments.Select(r => r.Body));
        Assert.All(payments, r => Assert.True(PaymentProviderSignature.TryVerify(r.Signature, Encoding.UTF8.GetBytes(r.Body), ProviderSecret, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), out _)));
    }

    [Fact]
    public async Task A_refused_call_fails_the_funding_with_its_answer()
    {
        using var client = new HttpClient(new WalletHandler(HttpStatusCode.UnprocessableEntity));

        var error = await Assert.ThrowsAsync<DropFailedException>(() =>
            new WalletFunder(client, Wallet, "USD", "run", Tokens, ProviderSecret, TimeProvider.System).FundAsync(1, 1, 5_000, CancellationToken.None));

        Assert.Contains("422", error.Message, StringComparison.Ordinal);
    }

    private sealed record Seen(string Path, string? Authorization, string? Signature, string Body);

    private sealed class WalletHandler(HttpStatusCode answer) : HttpMessageHandler
    {
        public ConcurrentQueue<Seen> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var authorization = request.Headers.TryGetValues("Authorization", out var values) ? values.Single() : null;
            var signature = request.Headers.TryGetValues(PaymentProviderSignature.Header, out var signatures) ? signatures.Single() : null;
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Enqueue(new Seen(request.RequestUri!.AbsolutePath, authorization, signature, body));
            return new HttpResponseMessage(answer) { Content = new StringContent("{}") };
        }
    }
}
