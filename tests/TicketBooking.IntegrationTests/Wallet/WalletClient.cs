using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TicketBooking.Contracts;
using TicketBooking.Wallet.Accounts;

namespace TicketBooking.IntegrationTests.Wallet;

/// <summary>Speaks to a wallet's HTTP API as one buyer (a token minted for it), and as the payment provider.</summary>
internal sealed class WalletClient(Uri address, long? buyerId, string? token = null) : IDisposable
{
    private readonly long? _buyerId = buyerId;

    public HttpClient Http { get; } = Create(address, buyerId, token);

    public async Task<HttpResponseMessage> OpenAccountAsync(string currency = "EUR") =>
        await Http.PostAsJsonAsync("/api/wallet/account", new { currency });

    /// <summary>The payment provider's callback with <paramref name="body"/> as its exact bytes, signed now with the test secret unless <paramref name="signature"/> says otherwise.</summary>
    public async Task<HttpResponseMessage> ProviderCallbackAsync(string body, string? signature = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payment-provider/callbacks") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation(PaymentProviderSignature.Header, signature ?? PaymentProviderSignature.Sign(TestSecrets.ProviderSecret, DateTimeOffset.UtcNow, bytes));
        return await Http.SendAsync(request);
    }

    /// <summary>A succeeded payment of <paramref name="amount"/> for this client's buyer, as the provider reports it.</summary>
    public async Task<HttpResponseMessage> PaidAsync(long amount, string? paymentId = null) =>
        await ProviderCallbackAsync(JsonSerializer.Serialize(new { paymentId = paymentId ?? Guid.NewGuid().ToString(), buyerId = _buyerId, amount, currency = "EUR", status = "succeeded" }, JsonSerializerOptions.Web));

    /// <summary>Opens the account and credits <paramref name="amount"/> through the provider (nothing when 0).</summary>
    public async Task FundAsync(long amount)
    {
        using var opened = await OpenAccountAsync();
        Assert.True(opened.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await opened.Content.ReadAsStringAsync());
        if (amount > 0)
        {
            using var paid = await PaidAsync(amount);
            Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        }
    }

    public async Task<AccountView?> AccountAsync() => await Http.GetFromJsonAsync<AccountView>("/api/wallet");

    public void Dispose() => Http.Dispose();

    private static HttpClient Create(Uri address, long? buyerId, string? token)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        if ((token ?? (buyerId is { } buyer ? TestSecrets.TokenFor(buyer) : null)) is { } bearer)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        }

        return client;
    }
}
