using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TicketBooking.Contracts;
using TicketBooking.Wallet.Accounts;

namespace TicketBooking.IntegrationTests.Wallet;

/// <summary>The wallet's HTTP API against the real PostgreSQL, settlement off: accounts, provider callbacks, admin credits, reads and every problem answer.</summary>
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
    }

    [Fact]
    public async Task A_provider_payment_is_credited_once_per_payment_id()
    {
        using var buyer = Wallet.Client(_buyers.Next());
        await buyer.FundAsync(0);
        var paymentId = $"pay-{Guid.NewGuid()}";

        using var first = await buyer.PaidAsync(5_000, paymentId);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var receipt = await first.Content.ReadFromJsonAsync<TopUpReceipt>();
        Assert.Equal(("top_up", 5_000L, 5_000L), (receipt!.Entry.Kind, receipt.Entry.Amount, receipt.Balance));

        using var redelivered = await buyer.PaidAsync(5_000, paymentId);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal(receipt, await redelivered.Content.ReadFromJsonAsync<TopUpReceipt>());

        await AssertProblemAsync(await buyer.PaidAsync(5_001, paymentId), HttpStatusCode.Conflict);

        using var second = await buyer.PaidAsync(2_500);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(7_500, (await buyer.AccountAsync())!.Balance);
        Assert.Equal((7_500L, 7_500L, 0L, 0L), await _buyers.MoneyAsync());
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_payment_credit_it_once()
    {
        using var buyer = Wallet.Client(_buyers.Next());
        await buyer.FundAsync(0);
        var paymentId = $"pay-{Guid.NewGuid()}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => buyer.PaidAsync(1_000, paymentId)));

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
    public async Task A_forged_stale_or_invalid_callback_is_refused_and_changes_nothing()
    {
        var buyerId = _buyers.Next();
        using var buyer = Wallet.Client(buyerId);
        using var other = Wallet.Client(_buyers.Next());
        await buyer.FundAsync(1_000);
        await other.FundAsync(0);
        var before = await _buyers.StatementAsync();
        string Body(object amount, string currency = "EUR", string? paymentId = null, long? to = null) =>
            JsonSerializer.Serialize(new { paymentId = paymentId ?? Guid.NewGuid().ToString(), buyerId = to ?? buyerId, amount, currency, status = "succeeded" }, JsonSerializerOptions.Web);
        var body = Body(5_000);
        var bytes = Encoding.UTF8.GetBytes(body);

        await AssertProblemAsync(await buyer.ProviderCallbackAsync(body, PaymentProviderSignature.Sign("not-the-provider-secret-0123456789abcdef", DateTimeOffset.UtcNow, bytes)), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await buyer.ProviderCallbackAsync(body, PaymentProviderSignature.Sign(TestSecrets.ProviderSecret, DateTimeOffset.UtcNow.AddMinutes(-6), bytes)), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await buyer.ProviderCallbackAsync(body, PaymentProviderSignature.Sign(TestSecrets.ProviderSecret, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(Body(9_000)))), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await buyer.ProviderCallbackAsync(body, string.Empty), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await buyer.ProviderCallbackAsync("{\"amount\": 5"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await buyer.ProviderCallbackAsync(Body(5.5)), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await buyer.ProviderCallbackAsync(Body(0)), HttpStatusCode.UnprocessableEntity, "amount");
        await AssertProblemAsync(await buyer.ProviderCallbackAsync(Body(-5)), HttpStatusCode.UnprocessableEntity, "amount");
        await AssertProblemAsync(await buyer.ProviderCallbackAsync(Body(1_000_001)), HttpStatusCode.UnprocessableEntity, "amount");
        await AssertProblemAsync(await buyer.ProviderCallbackAsync(Body(9_223_372_036_854_775_000)), HttpStatusCode.UnprocessableEntity, "amount");
        await AssertProblemAsync(await buyer.ProviderCallbackAsync(Body(5, "E1")), HttpStatusCode.UnprocessableEntity, "currency");
        await AssertProblemAsync(await buyer.ProviderCallbackAsync(Body(5, "USD")), HttpStatusCode.UnprocessableEntity, "currency");
        await AssertProblemAsync(await buyer.ProviderCallbackAsync(Body(5, to: _buyers.Next())), HttpStatusCode.NotFound);
        var spent = Guid.NewGuid().ToString();
        using (var paid = await other.PaidAsync(1, spent))
        {
            Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        }

        await AssertProblemAsync(await buyer.ProviderCallbackAsync(Body(1, paymentId: spent)), HttpStatusCode.Conflict);
        using (var failed = await buyer.ProviderCallbackAsync(body.Replace("succeeded", "failed", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.NoContent, failed.StatusCode);
        }

        Assert.Equal(1_000, (await buyer.AccountAsync())!.Balance);
        Assert.Equal(1, (await other.AccountAsync())!.Balance);
        Assert.NotEqual(before, await _buyers.StatementAsync());
        await AssertProblemAsync(await buyer.Http.PostAsJsonAsync("/api/wallet/top-ups", new { amount = 5, currency = "EUR" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Top_ups_stop_at_the_balance_limit()
    {
        using var buyer = Wallet.Client(_buyers.Next());
        await buyer.FundAsync(0);
        for (var i = 0; i < 10; i++)
        {
            using var paid = await buyer.PaidAsync(1_000_000);
            Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        }

        await AssertProblemAsync(await buyer.PaidAsync(1), HttpStatusCode.UnprocessableEntity, "amount");
        Assert.Equal(10_000_000, (await buyer.AccountAsync())!.Balance);
    }

    [Fact]
    public async Task Only_an_admin_credits_an_account_and_only_with_a_reason()
    {
        var buyerId = _buyers.Next();
        using var buyer = Wallet.Client(buyerId);
        await buyer.FundAsync(0);
        using var admin = Wallet.AdminClient();
        var credit = new { buyerId, amount = 2_000, currency = "EUR", reason = "goodwill for a cancelled show" };

        await AssertProblemAsync(await PostRawAsync(buyer, "/api/admin/wallet/credits", JsonSerializer.Serialize(credit, JsonSerializerOptions.Web), "credit-1"), HttpStatusCode.Forbidden);
        using var anonymous = Wallet.Client();
        await AssertProblemAsync(await PostRawAsync(anonymous, "/api/admin/wallet/credits", JsonSerializer.Serialize(credit, JsonSerializerOptions.Web), "credit-1"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await PostRawAsync(admin, "/api/admin/wallet/credits", JsonSerializer.Serialize(credit with { reason = " " }, JsonSerializerOptions.Web), "credit-1"), HttpStatusCode.UnprocessableEntity, "reason");
        await AssertProblemAsync(await PostRawAsync(admin, "/api/admin/wallet/credits", JsonSerializer.Serialize(credit, JsonSerializerOptions.Web)), HttpStatusCode.BadRequest);

        using var created = await PostRawAsync(admin, "/api/admin/wallet/credits", JsonSerializer.Serialize(credit, JsonSerializerOptions.Web), "credit-1");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var replayed = await PostRawAsync(admin, "/api/admin/wallet/credits", JsonSerializer.Serialize(credit, JsonSerializerOptions.Web), "credit-1");
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        await AssertProblemAsync(await PostRawAsync(admin, "/api/admin/wallet/credits", JsonSerializer.Serialize(credit with { amount = 3_000 }, JsonSerializerOptions.Web), "credit-1"), HttpStatusCode.Conflict);
        Assert.Equal(2_000, (await buyer.AccountAsync())!.Balance);
    }

    [Fact]
    public async Task The_ledger_pages_newest_first_with_a_cursor()
    {
        using var buyer = Wallet.Client(_buyers.Next());
        await buyer.FundAsync(0);
        for (var amount = 1; amount <= 5; amount++)
        {
            using var topUp = await buyer.PaidAsync(amount);
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
        Assert.Contains("/api/payment-provider/callbacks", await client.Http.GetStringAsync("/openapi/v1.json"));
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
