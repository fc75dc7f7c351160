using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NATS.Client.JetStream;
using TicketBooking.Audit;
using TicketBooking.Contracts;
using TicketBooking.Engine.Decisions;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Ops;
using TicketBooking.IntegrationTests.Wallet;
using TicketBooking.Wallet.Loyalty;
using TicketBooking.Wallet.Settlement;

namespace TicketBooking.IntegrationTests.Loyalty;

/// <summary>
/// Loyalty points against the real wallet, nats-server and PostgreSQL: decisions crafted into a partition's journal
/// (held orders with the points they spend, confirmations, refunds) are settled by a running wallet, read back through
/// its API and audited with <c>tb-ops loyalty</c>. The default rate: 1 point per 100 minor units paid.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class LoyaltySettlementTests(ServicesFixture services, PartitionAllocator partitions) : IAsyncLifetime
{
    private const string PageOrigin = "http://127.0.0.1:5180";

    private readonly TestBuyers _buyers = new(services.Pg);
    private readonly LoyaltyLedger _loyalty = new(services.Pg);
    private readonly NatsJSContext _js = new(services.Nats);
    private readonly List<long> _registered = [];

    public Task InitializeAsync() => _buyers.MigrateAsync();

    public async Task DisposeAsync()
    {
        await _loyalty.DeleteAsync([.. _buyers.All, .. _registered]);
        await _buyers.DeleteAsync();
        try
        {
            await _js.DeleteConsumerAsync(Subjects.DecisionsStream, SettlementService.ConsumerName);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
        }
    }

    [Fact]
    public async Task A_confirmed_order_earns_points_and_a_cancelled_one_loses_them_exactly_once_under_redelivery()
    {
        var journal = await CleanJournalAsync();
        var buyer = _buyers.Next();
        var (kept, cancelled) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var wallet = await WalletInstance.StartAsync(services))
        {
            using var client = wallet.Client(buyer);
            await client.FundAsync(100_000);
            await journal.AppendAsync(journal.Held(kept, buyer, 12_345), journal.Held(cancelled, buyer, 5_000));
            await Eventually.UntilAsync(async () => (await _buyers.PaymentsAsync()).Count == 2, "both holds to be paid");
            await journal.AppendAsync(journal.Confirmed(kept), journal.Confirmed(cancelled));
            await journal.AppendAsync(journal.Cancelled(cancelled), journal.RefundDue(cancelled, buyer, 5_000, RefundReason.Cancelled));
            await Eventually.UntilAsync(async () => (await _loyalty.EntriesAsync(buyer)).Count == 3, "two earnings and one reversal");

            Assert.Equal(new LoyaltyView(123, false, "Bronze", 123, "Silver", 877), await client.Http.GetFromJsonAsync<LoyaltyView>("/api/loyalty"));
            var newest = (await client.Http.GetFromJsonAsync<LoyaltyHistoryPage>("/api/loyalty/history?limit=2"))!;
            Assert.Equal([(cancelled, "earn_reversal", -50L), (cancelled, "earn", 50L)], newest.Entries.Select(entry => (entry.OrderId, entry.Kind, entry.Points)));
            var oldest = (await client.Http.GetFromJsonAsync<LoyaltyHistoryPage>($"/api/loyalty/history?limit=2&before={newest.Next}"))!;
            Assert.Equal([(kept, "earn", 123L)], oldest.Entries.Select(entry => (entry.OrderId, entry.Kind, entry.Points)));
            Assert.Null(oldest.Next);
            await AssertProblemAsync(await client.Http.GetAsync("/api/loyalty/history?limit=0"), HttpStatusCode.UnprocessableEntity);
            using var anonymous = wallet.Client();
            await AssertProblemAsync(await anonymous.Http.GetAsync("/api/loyalty"), HttpStatusCode.Unauthorized);
            await WaitUntilJournalAckedAsync("the first wallet to ack the journal");
        }

        var entries = await _loyalty.EntriesAsync(buyer);
        Assert.Equal([(kept, "earn", 123L), (cancelled, "earn", 50L), (cancelled, "earn_reversal", 50L)], entries);

        // A new consumer delivers the whole journal again: nothing is earned or reversed twice.
        await _js.DeleteConsumerAsync(Subjects.DecisionsStream, SettlementService.ConsumerName);
        await using (await WalletInstance.StartAsync(services))
        {
            await WaitUntilJournalAckedAsync("the recreated consumer to settle the whole journal again");
        }

        Assert.Equal(entries, await _loyalty.EntriesAsync(buyer));
        var audit = await OpsCliRun.RunAsync(services, "loyalty", "--buyers", _buyers.Range);
        Assert.True(audit.ExitCode == 0, audit.ToString());

        await _loyalty.ForgeEarningAsync(buyer, Guid.NewGuid(), 10);
        var forged = await OpsCliRun.RunAsync(services, "loyalty", "--buyers", _buyers.Range);
        Assert.True(forged.ExitCode == 1, forged.ToString());
        Assert.Contains(LoyaltyAuditCodes.EntryWithoutOrder, forged.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Points_are_spent_with_the_money_a_hold_with_too_few_fails_and_a_late_payment_gives_them_back()
    {
        var journal = await CleanJournalAsync();
        var buyer = _buyers.Next();
        var (earner, spender, tooFew) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using var wallet = await WalletInstance.StartAsync(services, $"--Wallet:CorsOrigins:0={PageOrigin}");
        using var client = wallet.Client(buyer);
        await client.FundAsync(100_000);
        await journal.AppendAsync(journal.Held(earner, buyer, 50_000));
        await Eventually.UntilAsync(async () => (await _buyers.PaymentsAsync()).Count == 1, "the first hold to be paid");
        await journal.AppendAsync(journal.Confirmed(earner));
        await Eventually.UntilAsync(async () => (await _loyalty.EntriesAsync(buyer)).Count == 1, "the first order's earning");

        await journal.AppendAsync(journal.Held(spender, buyer, 1_000, pointsSpent: 300), journal.Held(tooFew, buyer, 1_000, pointsSpent: 300));
        await Eventually.UntilAsync(async () => (await _buyers.PaymentsAsync()).Count == 3, "the two holds with points to be settled");

        Assert.Equal(
            new Dictionary<Guid, string?> { [earner] = null, [spender] = null, [tooFew] = PaymentOutcome.InsufficientPoints },
            await _buyers.PaymentsAsync());
        Assert.Equal([(earner, 50_000L), (spender, 1_000L)], await _buyers.DebitsAsync());
        Assert.Equal([(earner, "earn", 500L), (spender, "spend", 300L)], await _loyalty.EntriesAsync(buyer));
        Assert.Equal(200, (await client.Http.GetFromJsonAsync<LoyaltyView>("/api/loyalty"))!.Balance);

        await journal.AppendAsync(journal.Released(tooFew, PaymentOutcome.InsufficientPoints), journal.Expired(spender), journal.RefundDue(spender, buyer, 1_000, RefundReason.LatePayment));
        await Eventually.UntilAsync(async () => (await _loyalty.EntriesAsync(buyer)).Count == 3, "the late payment's points to come back");

        Assert.Equal([(earner, "earn", 500L), (spender, "spend", 300L), (spender, "spend_return", 300L)], await _loyalty.EntriesAsync(buyer));
        Assert.Equal([(spender, 1_000L)], await _buyers.RefundsAsync());
        Assert.Equal(new LoyaltyView(500, false, "Bronze", 500, "Silver", 500), await client.Http.GetFromJsonAsync<LoyaltyView>("/api/loyalty"));
        await WaitUntilJournalAckedAsync("the wallet to ack the journal");
        var audit = await OpsCliRun.RunAsync(services, "loyalty", "--buyers", _buyers.Range);
        Assert.True(audit.ExitCode == 0, audit.ToString());

        // The buyer's page (another origin) reads the points as it reads the wallet's balance.
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/loyalty/history");
        preflight.Headers.Add("Origin", PageOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        using var answer = await client.Http.SendAsync(preflight);
        Assert.True(answer.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowed) && allowed.Single() == PageOrigin, answer.ToString());
    }

    [Fact]
    public async Task A_blocked_buyers_points_are_frozen_still_shown_and_still_earned()
    {
        var journal = await CleanJournalAsync();
        await using var wallet = await WalletInstance.StartAsync(services);
        using var anonymous = wallet.Client();
        using var registered = await anonymous.Http.PostAsJsonAsync("/api/auth/register", new { name = "Frozen", email = $"frozen-{Guid.NewGuid():N}@example.test", password = "correct horse battery staple" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var session = await registered.Content.ReadFromJsonAsync<JsonElement>();
        var buyer = session.GetProperty("userId").GetInt64();
        _registered.Add(buyer);
        using var client = new WalletClient(wallet.Address, buyer, session.GetProperty("accessToken").GetString());
        await client.FundAsync(100_000);
        var (before, withPoints, whileBlocked) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await journal.AppendAsync(journal.Held(before, buyer, 10_000));
        await Eventually.UntilAsync(async () => (await _loyalty.PaymentsAsync(before)).Count == 1, "the first hold to be paid");
        await journal.AppendAsync(journal.Confirmed(before));
        await Eventually.UntilAsync(async () => (await _loyalty.EntriesAsync(buyer)).Count == 1, "the first order's earning");

        using (var admin = wallet.AdminClient())
        using (var blocked = await admin.Http.PostAsJsonAsync($"/api/admin/users/{buyer}/block", new { reason = "chargebacks" }))
        {
            Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        }

        await journal.AppendAsync(journal.Held(withPoints, buyer, 1_000, pointsSpent: 50), journal.Held(whileBlocked, buyer, 2_000));
        await Eventually.UntilAsync(async () => (await _loyalty.PaymentsAsync(withPoints, whileBlocked)).Count == 2, "the holds made while blocked to be settled");
        await journal.AppendAsync(journal.Released(withPoints, PaymentOutcome.PointsFrozen), journal.Confirmed(whileBlocked));
        await Eventually.UntilAsync(async () => (await _loyalty.EntriesAsync(buyer)).Count == 2, "the earning made while blocked");

        Assert.Equal(new Dictionary<Guid, string?> { [withPoints] = PaymentOutcome.PointsFrozen, [whileBlocked] = null }, await _loyalty.PaymentsAsync(withPoints, whileBlocked));
        Assert.Equal([(before, "earn", 100L), (whileBlocked, "earn", 20L)], await _loyalty.EntriesAsync(buyer));
        Assert.Equal(new LoyaltyView(120, true, "Bronze", 120, "Silver", 880), await client.Http.GetFromJsonAsync<LoyaltyView>("/api/loyalty"));
        await AssertProblemAsync(await client.Http.GetAsync("/api/wallet"), HttpStatusCode.Forbidden);
    }

    private async Task<CraftedJournal> CleanJournalAsync()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        return new CraftedJournal(_js, scenario.Partition, scenario.Sessions().First());
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>Waits until the settlement consumer has been delivered the whole journal and acked every message.</summary>
    private async Task WaitUntilJournalAckedAsync(string what) =>
        await Eventually.UntilAsync(
            async () =>
            {
                var consumer = await _js.GetConsumerAsync(Subjects.DecisionsStream, SettlementService.ConsumerName);
                var stream = await _js.GetStreamAsync(Subjects.DecisionsStream);
                return consumer.Info.Delivered.StreamSeq >= stream.Info.State.LastSeq && consumer.Info.NumAckPending == 0;
            },
            what);
}
