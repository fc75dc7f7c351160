using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TicketBooking.Wallet.Accounts;

namespace TicketBooking.IntegrationTests.Wallet;

/// <summary>The wallet's HTTP API against the real PostgreSQL, settlement off: accounts, top-ups, reads and every problem answer.</summary>
[Collection(LocalServices.Name)]
public sealed class WalletApiTests(ServicesFixture services) : IAsyncLifetime
{
    private readonly TestBuyers _buyers = new(services.Pg);
    private WalletInstance? _wallet;

    private WalletInstance Wallet => _wallet!;

    public async Task InitializeAsync() => _wallet = await WalletInstance.StartApiOnlyAsync(services);

    public async Task DisposeAsync()
    {
        await Wallet.DisposeAsync();
        await _buyers.DeleteAsync();
    }

    [Fact]
    public async Task Opening_an_account_creates_it_once_in_the_wallet_currency()
    {
        using var buyer = Wallet.Client(_buyers.Next());

        using var created = await buyer.OpenAccountAsync("EUR");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/wallet", created.Headers.Location?.ToString());
        var account = await created.Content.ReadFromJsonAsync<AccountView>();
        Assert.Equal("EUR", account!.Currency);
        Assert.Equal(0, account.Balance);

        using var again = await buyer.OpenAccountAsync("eur");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await AssertProblemAsync(await buyer.OpenAccountAsync("USD"), HttpStatusCode.Conflict);
        Assert.Equal(account, await buyer.AccountAsync());
    }

    [Fact]
    public async Task Opening_an_account_rejects_bad_input()
    {
        using var buyer = Wallet.Client(_buyers.Next());

        await AssertProblemAsync(await buyer.OpenAccountAsync("USD"), HttpStatusCode.UnprocessableEntity, "currency");
        await AssertProblemAsync(await buyer.OpenAccountAsync("EURO"), HttpStatusCode.UnprocessableEntity, "currency");
        await AssertProblemAsync(await buyer.Http.PostAsJsonAsync("/api/wallet/account", new { }), HttpStatusCode.UnprocessableEntity, "currency");
        await AssertProblemAsync(await PostRawAsync(buyer, "/api/wallet/account", "{\"currency\":"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await PostRawAsync(buyer, "/api/wallet/account", "null"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await PostRawAsync(buyer, "/api/wallet/account", $"{{\"currency\":\"{new string('x', 5000)}\"}}"), HttpStatusCode.RequestEntityTooLarge);
        await AssertProblemAsync(await buyer.Http.GetAsync("/api/wallet"), HttpStatusCode.NotFound);

        using var anonymous = Wallet.Client();
        await AssertProblemAsync(await anonymous.OpenAccountAsync(), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await anonymous.Http.GetAsync("/api/wallet"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await anonymous.Http.GetAsync("/api/wallet/ledger"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await anonymous.TopUpAsync("k", new { amount = 1, currency = "EUR" }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_top_up_is_credited_once_per_idempotency_key()
    {
        using var buyer = Wallet.Client(_buyers.Next());
        await buyer.FundAsync(0);

        using var first = await buyer.TopUpAsync("top-up-1", new { amount = 5_000, currency = "EUR" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var receipt = await first.Content.ReadFromJsonAsync<TopUpReceipt>();
        Assert.Equal(("top_up", 5_000L, 5_000L), (receipt!.Entry.Kind, receipt.Entry.Amount, receipt.Balance));

        using var replay = await buyer.TopUpAsync("top-up-1", new { amount = 5_000, currency = "eur" });
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(receipt, await replay.Content.ReadFromJsonAsync<TopUpReceipt>());

        await AssertProblemAsync(await buyer.TopUpAsync("top-up-1", new { amount = 5_001, currency = "EUR" }), HttpStatusCode.Conflict);

        using var second = await buyer.TopUpAsync("top-up-2", new { amount = 2_500, currency = "EUR" });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(7_500, (await buyer.AccountAsync())!.Balance);
        Assert.Equal((7_500L, 7_500L, 0L, 0L), await _buyers.MoneyAsync());
    }

    [Fact]
    public async Task Concurrent_retries_of_one_top_up_credit_it_once()
    {
        using var buyer = Wallet.Client(_buyers.Next());
        await buyer.FundAsync(0);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => buyer.TopUpAsync("same-key", new { amount = 1_000, currency = "EUR" })));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, response => Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK));
        var entries = await Task.WhenAll(responses.Select(async response => (await response.Content.ReadFromJsonAsync<TopUpReceipt>())!.Entry.EntryId));
        Assert.Single(entries.Distinct());
        Assert.Equal(1_000, (await buyer.AccountAsync())!.Balance);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_top_up_rejects_bad_input_and_changes_nothing()
    {
        var buyerId = _buyers.Next();
        using var buyer = Wallet.Client(buyerId);
        using var stranger = Wallet.Client(_buyers.Next());
        await buyer.FundAsync(long.MaxValue - 10);

        await AssertProblemAsync(await buyer.TopUpAsync(null, new { amount = 1, currency = "EUR" }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await buyer.TopUpAsync(new string('k', 101), new { amount = 1, currency = "EUR" }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await PostRawAsync(buyer, "/api/wallet/top-ups", "{\"amount\": 5", "bad-json"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await PostRawAsync(buyer, "/api/wallet/top-ups", "{\"amount\": 5.5, \"currency\": \"EUR\"}", "fraction"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await buyer.TopUpAsync("zero", new { amount = 0, currency = "EUR" }), HttpStatusCode.UnprocessableEntity, "amount");
        await AssertProblemAsync(await buyer.TopUpAsync("negative", new { amount = -5, currency = "EUR" }), HttpStatusCode.UnprocessableEntity, "amount");
        await AssertProblemAsync(await buyer.TopUpAsync("no-amount", new { currency = "EUR" }), HttpStatusCode.UnprocessableEntity, "amount");
        await AssertProblemAsync(await buyer.TopUpAsync("bad-currency", new { amount = 5, currency = "E1" }), HttpStatusCode.UnprocessableEntity, "currency");
        await AssertProblemAsync(await buyer.TopUpAsync("wrong-currency", new { amount = 5, currency = "USD" }), HttpStatusCode.UnprocessableEntity, "currency");
        await AssertProblemAsync(await buyer.TopUpAsync("overflow", new { amount = 11, currency = "EUR" }), HttpStatusCode.UnprocessableEntity, "amount");
        await AssertProblemAsync(await stranger.TopUpAsync("no-account", new { amount = 5, currency = "EUR" }), HttpStatusCode.NotFound);

        Assert.Equal(long.MaxValue - 10, (await buyer.AccountAsync())!.Balance);
        using var exact = await buyer.TopUpAsync("to-the-brim", new { amount = 10, currency = "EUR" });
        Assert.Equal(HttpStatusCode.Created, exact.StatusCode);
        Assert.Equal(long.MaxValue, (await buyer.AccountAsync())!.Balance);
    }

    [Fact]
    public async Task The_ledger_pages_newest_first_with_a_cursor()
    {
        using var buyer = Wallet.Client(_buyers.Next());
        await buyer.FundAsync(0);
        for (var amount = 1; amount <= 5; amount++)
        {
            using var topUp = await buyer.TopUpAsync($"key-{amount}", new { amount, currency = "EUR" });
            Assert.Equal(HttpStatusCode.Created, topUp.StatusCode);
        }

        var amounts = new List<long>();
        string? next = "/api/wallet/ledger?limit=2";
        var pages = 0;
        while (next is not null)
        {
            var page = await buyer.Http.GetFromJsonAsync<LedgerPage>(next);
            amounts.AddRange(page!.Entries.Select(entry => entry.Amount));
            next = page.Next is { } cursor ? $"/api/wallet/ledger?limit=2&before={cursor}" : null;
            pages++;
        }

        Assert.Equal([5, 4, 3, 2, 1], amounts);
        Assert.Equal(3, pages);
        var all = await buyer.Http.GetFromJsonAsync<LedgerPage>("/api/wallet/ledger");
        Assert.Equal(5, all!.Entries.Count);
        Assert.Null(all.Next);

        await AssertProblemAsync(await buyer.Http.GetAsync("/api/wallet/ledger?limit=0"), HttpStatusCode.UnprocessableEntity, "limit");
        await AssertProblemAsync(await buyer.Http.GetAsync("/api/wallet/ledger?limit=201"), HttpStatusCode.UnprocessableEntity, "limit");
        await AssertProblemAsync(await buyer.Http.GetAsync("/api/wallet/ledger?before=abc"), HttpStatusCode.UnprocessableEntity, "before");
        using var stranger = Wallet.Client(_buyers.Next());
        await AssertProblemAsync(await stranger.Http.GetAsync("/api/wallet/ledger"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Health_metrics_and_the_api_document_are_served()
    {
        using var client = Wallet.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health/ready")).StatusCode);
        Assert.Contains("/api/wallet/top-ups", await client.Http.GetStringAsync("/openapi/v1.json"));
        using var buyer = Wallet.Client(_buyers.Next());
        await buyer.FundAsync(100);
        Assert.Contains("tb_wallet_top_ups_total", await client.Http.GetStringAsync("/metrics"));
    }

    private static async Task<HttpResponseMessage> PostRawAsync(WalletClient client, string path, string json, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.Http.SendAsync(request);
    }

    /// <summary>An RFC 9457 problem with <paramref name="status"/>; for 422, naming <paramref name="field"/>.</summary>
    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            if (field is not null)
            {
                Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), body);
            }
        }
    }
}
