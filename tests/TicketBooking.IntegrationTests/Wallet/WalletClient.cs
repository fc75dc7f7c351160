using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using TicketBooking.Wallet.Accounts;

namespace TicketBooking.IntegrationTests.Wallet;

/// <summary>Speaks to a wallet's HTTP API as one buyer.</summary>
internal sealed class WalletClient(Uri address, long? buyerId) : IDisposable
{
    public HttpClient Http { get; } = Create(address, buyerId);

    public async Task<HttpResponseMessage> OpenAccountAsync(string currency = "EUR") =>
        await Http.PostAsJsonAsync("/api/wallet/account", new { currency });

    public async Task<HttpResponseMessage> TopUpAsync(string? key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/wallet/top-ups") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Opens the account and credits <paramref name="amount"/> (nothing when 0).</summary>
    public async Task FundAsync(long amount)
    {
        using var opened = await OpenAccountAsync();
        Assert.True(opened.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await opened.Content.ReadAsStringAsync());
        if (amount > 0)
        {
            using var topUp = await TopUpAsync(Guid.NewGuid().ToString(), new { amount, currency = "EUR" });
            Assert.Equal(HttpStatusCode.Created, topUp.StatusCode);
        }
    }

    public async Task<AccountView?> AccountAsync() => await Http.GetFromJsonAsync<AccountView>("/api/wallet");

    public void Dispose() => Http.Dispose();

    private static HttpClient Create(Uri address, long? buyerId)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        if (buyerId is { } buyer)
        {
            client.DefaultRequestHeaders.Add("X-Buyer-Id", buyer.ToString(CultureInfo.InvariantCulture));
        }

        return client;
    }
}
