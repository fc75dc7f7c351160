using System.Net;
using System.Text.Json;
using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.Engine.Decisions;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.IntegrationTests.Wallet;
using TicketBooking.Wallet.Settlement;
using Xunit.Abstractions;

namespace TicketBooking.IntegrationTests.Journey;

/// <summary>
/// The whole buyer journey across the real processes: the HTTP ingress (in this process, over real HTTP), an engine
/// host process and a wallet process, over the real nats-server and PostgreSQL. A buyer opens a wallet account and
/// tops it up, orders seats at the ingress, the engine holds them, the wallet pays (or declines), the engine confirms
/// (or releases, or expires), and every test ends with the money audit (invariant 4) over everything and over its own
/// buyers. Each test has a partition of its own that no other test class uses.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class BuyerJourneyTests(ServicesFixture services, PartitionAllocator partitions, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestBuyers _buyers = new(services.Pg);
    private readonly List<int> _partitions = [];

    public Task InitializeAsync() => _buyers.MigrateAsync();

    public async Task DisposeAsync()
    {
        await _buyers.DeleteAsync();
        try
        {
            await new NatsJSContext(services.Nats).DeleteConsumerAsync(Subjects.DecisionsStream, SettlementService.ConsumerName);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
        }

        foreach (var partition in _partitions)
        {
            await JourneyMoney.ForgetPartitionAsync(services, partition);
        }
    }

    [Fact]
    public async Task A_buyer_tops_up_buys_two_seats_gets_tickets_and_cancelling_refunds_the_money_and_frees_the_seats()
    {
        var scenario = await CleanAsync();
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var wallet = await WalletProcess.StartAsync(services);
        await using var ingress = await StartIngressAsync();
        var buyerId = _buyers.Next();
        using var purse = wallet.Client(buyerId);
        await purse.FundAsync(20_000);
        Assert.Equal(20_000, await JourneyApi.BalanceAsync(purse));
        var session = await JourneyApi.CreateSessionAsync(ingress, scenario.Sessions().First(), rows: 2, seatsPerRow: 5, holdTimeoutSeconds: 600);
        using var buyer = ingress.Client(buyerId);
        using var anonymous = ingress.Client();
        await JourneyApi.AvailabilityAsync(anonymous, session, "0000000000");

        var orderId = await JourneyApi.PlaceOrderAsync(buyer, session, 0, 1);
        var confirmed = await IngressInstance.OrderInStatusAsync(buyer, orderId, "confirmed");

        const long price = 2 * JourneyApi.Row0Price;
        Assert.Equal(price, confirmed.GetProperty("amount").GetInt64());
        Assert.Equal([0, 1], confirmed.GetProperty("seats").EnumerateArray().Select(seat => seat.GetInt32()));
        var tickets = confirmed.GetProperty("tickets").EnumerateArray().ToList();
        Assert.Equal([0, 1], tickets.Select(ticket => ticket.GetProperty("seat").GetInt32()));
        Assert.Equal(2, tickets.Select(ticket => ticket.GetProperty("number").GetInt64()).Distinct().Count());
        var codes = tickets.Select(ticket => ticket.GetProperty("code").GetString()).ToList();
        Assert.All(codes, code => Assert.False(string.IsNullOrWhiteSpace(code)));
        Assert.Equal(2, codes.Distinct(StringComparer.Ordinal).Count());

        Assert.Equal(20_000 - price, await JourneyApi.BalanceAsync(purse));
        Assert.Equal([("top_up", 20_000L, (Guid?)null), ("debit", price, orderId)], await JourneyApi.StatementAsync(purse));
        var held = JourneyApi.FreeByCategory(await JourneyApi.AvailabilityAsync(anonymous, session, "1100000000"));
        Assert.Equal([3, 5], held);

        // Only the buyer may give the order back.
        using (var stranger = ingress.Client(_buyers.Next()))
        {
            using var notTheirs = await IngressInstance.CancelAsync(stranger, orderId);
            Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        }

        using (var cancel = await IngressInstance.CancelAsync(buyer, orderId))
        {
            Assert.True(cancel.StatusCode == HttpStatusCode.Accepted, await cancel.Content.ReadAsStringAsync());
        }

        var cancelled = await IngressInstance.OrderInStatusAsync(buyer, orderId, "cancelled");
        AssertNoTickets(cancelled);
        Assert.Equal(new[] { 5, 5 }, JourneyApi.FreeByCategory(await JourneyApi.AvailabilityAsync(anonymous, session, "0000000000")));
        await JourneyApi.WaitForLedgerAsync(purse, ledger => ledger.Any(entry => entry.Kind == "refund"), "the cancelled order's refund", wallet.ReadLog);
        Assert.Equal(
            [("top_up", 20_000L, (Guid?)null), ("debit", price, orderId), ("refund", price, orderId)],
            await JourneyApi.StatementAsync(purse));
        Assert.Equal(20_000, await JourneyApi.BalanceAsync(purse));

        using (var again = await IngressInstance.CancelAsync(buyer, orderId))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        var decisions = await DecisionsAsync(scenario);
        Assert.Single(decisions.OfType<OrderConfirmed>(), d => d.OrderId == orderId);
        Assert.Single(decisions.OfType<OrderCancelled>(), d => d.OrderId == orderId);
        var refund = Assert.Single(decisions.OfType<RefundDue>());
        Assert.Equal((orderId, buyerId, price, RefundReason.Cancelled), (refund.OrderId, refund.BuyerId, refund.Amount, refund.Reason));

        await AuditMoneyAsync(confirmed: 1, debits: 1, refunds: 1);
        await scenario.VerifyJournalAsync();
    }

    [Fact]
    public async Task Orders_without_enough_money_or_without_an_account_are_released_without_a_debit()
    {
        var scenario = await CleanAsync();
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var wallet = await WalletProcess.StartAsync(services);
        await using var ingress = await StartIngressAsync();
        var (poorId, strangerId) = (_buyers.Next(), _buyers.Next());
        using var poorPurse = wallet.Client(poorId);
        await poorPurse.FundAsync(JourneyApi.Row0Price - 1);
        var session = await JourneyApi.CreateSessionAsync(ingress, scenario.Sessions().First(), rows: 2, seatsPerRow: 5, holdTimeoutSeconds: 600);
        using var poor = ingress.Client(poorId);
        using var stranger = ingress.Client(strangerId);
        using var anonymous = ingress.Client();

        var shortOrder = await JourneyApi.PlaceOrderAsync(poor, session, 0);
        var unknownOrder = await JourneyApi.PlaceOrderAsync(stranger, session, 5, 6);
        var shortReleased = await IngressInstance.OrderInStatusAsync(poor, shortOrder, "released");
        var unknownReleased = await IngressInstance.OrderInStatusAsync(stranger, unknownOrder, "released");

        Assert.Equal(PaymentOutcome.InsufficientFunds, shortReleased.GetProperty("reason").GetString());
        Assert.Equal(PaymentOutcome.NoAccount, unknownReleased.GetProperty("reason").GetString());
        AssertNoTickets(shortReleased);
        Assert.Equal(new[] { 5, 5 }, JourneyApi.FreeByCategory(await JourneyApi.AvailabilityAsync(anonymous, session, "0000000000")));
        Assert.Equal(JourneyApi.Row0Price - 1, await JourneyApi.BalanceAsync(poorPurse));
        Assert.Equal([("top_up", JourneyApi.Row0Price - 1, (Guid?)null)], await JourneyApi.StatementAsync(poorPurse));
        using (var strangerPurse = wallet.Client(strangerId))
        {
            using var noAccount = await strangerPurse.Http.GetAsync("/api/wallet");
            Assert.Equal(HttpStatusCode.NotFound, noAccount.StatusCode);
        }

        Assert.Empty(await _buyers.DebitsAsync());
        Assert.Equal(
            new Dictionary<Guid, string?> { [shortOrder] = PaymentOutcome.InsufficientFunds, [unknownOrder] = PaymentOutcome.NoAccount },
            await _buyers.PaymentsAsync());

        // Nothing to give back: the order is over.
        using (var cancel = await IngressInstance.CancelAsync(poor, shortOrder))
        {
            Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        }

        var decisions = await DecisionsAsync(scenario);
        Assert.Equal(2, decisions.OfType<OrderHeld>().Count());
        Assert.Equal(new[] { shortOrder, unknownOrder }.Order(), decisions.OfType<OrderReleased>().Select(released => released.OrderId).Order());
        Assert.DoesNotContain(decisions, decision => decision is OrderConfirmed or RefundDue);

        await AuditMoneyAsync(confirmed: 0, debits: 0, refunds: 0);
        await scenario.VerifyJournalAsync();
    }

    [Fact]
    public async Task Holds_expire_while_the_wallet_is_away_and_its_late_payments_are_refunded()
    {
        var scenario = await CleanAsync();

        // Engine ticks every 200 ms (EngineHostProcess's Engine:TickInterval), so 3-second holds expire without any buyer.
        await using var host = EngineHostProcess.Start(services, scenario.Partition, new Dictionary<string, string> { ["Engine__TickInterval"] = "00:00:00.200" });
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        var (richId, otherId, poorId) = (_buyers.Next(), _buyers.Next(), _buyers.Next());
        var funds = new Dictionary<long, long> { [richId] = 20_000, [otherId] = 10_000, [poorId] = JourneyApi.Row1Price - 1 };

        // Accounts are opened while only the wallet's API runs: no settlement until the wallet process starts.
        await using (var api = await WalletInstance.StartApiOnlyAsync(services))
        {
            foreach (var (buyerId, amount) in funds)
            {
                using var purse = api.Client(buyerId);
                await purse.FundAsync(amount);
            }
        }

        await using var ingress = await StartIngressAsync();
        var session = await JourneyApi.CreateSessionAsync(ingress, scenario.Sessions().First(), rows: 2, seatsPerRow: 5, holdTimeoutSeconds: 3);
        using var rich = ingress.Client(richId);
        using var other = ingress.Client(otherId);
        using var poor = ingress.Client(poorId);
        using var anonymous = ingress.Client();
        var orders = new Dictionary<long, (HttpClient Client, Guid OrderId, long Amount)>
        {
            [richId] = (rich, await JourneyApi.PlaceOrderAsync(rich, session, 0, 1), 2 * JourneyApi.Row0Price),
            [otherId] = (other, await JourneyApi.PlaceOrderAsync(other, session, 5), JourneyApi.Row1Price),
            [poorId] = (poor, await JourneyApi.PlaceOrderAsync(poor, session, 6), JourneyApi.Row1Price),
        };

        foreach (var (client, orderId, _) in orders.Values)
        {
            var expired = await IngressInstance.OrderInStatusAsync(client, orderId, "expired");
            AssertNoTickets(expired);
        }

        Assert.Equal(new[] { 5, 5 }, JourneyApi.FreeByCategory(await JourneyApi.AvailabilityAsync(anonymous, session, "0000000000")));
        var beforeWallet = await DecisionsAsync(scenario);
        Assert.Equal(3, beforeWallet.OfType<OrderHeld>().Count());
        Assert.Equal(orders.Values.Select(order => order.OrderId).Order(), beforeWallet.OfType<OrderExpired>().Select(expired => expired.OrderId).Order());
        Assert.Empty(await _buyers.PaymentsAsync());

        // The wallet comes back: it pays the old holds from the journal, the engine owes the late payments back, the wallet refunds them.
        await using var wallet = await WalletProcess.StartAsync(services);
        var paid = new[] { richId, otherId };
        foreach (var buyerId in paid)
        {
            using var purse = wallet.Client(buyerId);
            await JourneyApi.WaitForLedgerAsync(purse, ledger => ledger.Any(entry => entry.Kind == "refund"), $"buyer {buyerId}'s late payment to be refunded", wallet.ReadLog);
            var orderId = orders[buyerId].OrderId;
            var amount = orders[buyerId].Amount;
            Assert.Equal(
                [("top_up", funds[buyerId], (Guid?)null), ("debit", amount, orderId), ("refund", amount, orderId)],
                await JourneyApi.StatementAsync(purse));
            Assert.Equal(funds[buyerId], await JourneyApi.BalanceAsync(purse));
        }

        await Eventually.UntilAsync(async () => (await _buyers.PaymentsAsync()).Count == 3, "all three late payments to be decided", diagnostics: wallet.ReadLog);
        Assert.Equal(
            new Dictionary<Guid, string?> { [orders[richId].OrderId] = null, [orders[otherId].OrderId] = null, [orders[poorId].OrderId] = PaymentOutcome.InsufficientFunds },
            await _buyers.PaymentsAsync());
        using (var purse = wallet.Client(poorId))
        {
            Assert.Equal([("top_up", funds[poorId], (Guid?)null)], await JourneyApi.StatementAsync(purse));
            Assert.Equal(funds[poorId], await JourneyApi.BalanceAsync(purse));
        }

        // The late payments changed no order: they stay expired, without tickets, and their seats free.
        List<Decision> decisions = [];
        await Eventually.UntilAsync(
            async () =>
            {
                decisions = await DecisionsAsync(scenario);
                return decisions.OfType<Rejected>().Any(rejected => rejected.Command == CommandKind.PaymentFailed);
            },
            "the late declined payment's answer in the journal",
            diagnostics: host.ReadLog);
        Assert.DoesNotContain(decisions, decision => decision is OrderConfirmed or OrderReleased or OrderCancelled);
        var refunds = decisions.OfType<RefundDue>().ToList();
        Assert.Equal(paid.Select(buyerId => orders[buyerId].OrderId).Order(), refunds.Select(refund => refund.OrderId).Order());
        Assert.All(refunds, refund =>
        {
            Assert.Equal(RefundReason.LatePayment, refund.Reason);
            Assert.Equal(orders[refund.BuyerId].Amount, refund.Amount);
        });
        var declined = Assert.Single(decisions.OfType<Rejected>(), rejected => rejected.Command == CommandKind.PaymentFailed);
        Assert.Equal((orders[poorId].OrderId, RejectReason.NotHeld), (declined.OrderId, declined.Reason));
        foreach (var (client, orderId, _) in orders.Values)
        {
            var order = await JourneyApi.OrderAsync(client, orderId);
            Assert.Equal("expired", order.GetProperty("status").GetString());
            AssertNoTickets(order);
        }

        Assert.Equal(new[] { 5, 5 }, JourneyApi.FreeByCategory(await JourneyApi.AvailabilityAsync(anonymous, session, "0000000000")));

        await AuditMoneyAsync(confirmed: 0, debits: 2, refunds: 2);
        await scenario.VerifyJournalAsync();
    }

    /// <summary>
    /// Invariant 4 over this test's buyers with tb-ops money (settled: nothing wrong, nothing in flight), and the
    /// expected numbers of confirmed orders, debits and refunds.
    /// </summary>
    private async Task AuditMoneyAsync(int confirmed, int debits, int refunds)
    {
        var report = await JourneyMoney.AuditAsync(services, _buyers.Range);
        Assert.Equal(
            (confirmed, debits, refunds),
            (report.GetProperty("confirmedOrders").GetInt32(), report.GetProperty("debits").GetInt32(), report.GetProperty("refunds").GetInt32()));
        output.WriteLine($"tb-ops money --buyers {_buyers.Range}: totals {report.GetProperty("totals")}");
    }

    private async Task<PartitionScenario> CleanAsync()
    {
        var partition = partitions.Next();
        _partitions.Add(partition);
        return await PartitionScenario.CleanAsync(services, partition);
    }

    /// <summary>An ingress whose per-buyer rate limit does not get in the way of polling.</summary>
    private async Task<IngressInstance> StartIngressAsync() =>
        await IngressInstance.StartAsync(services, "--Ingress:BuyerRatePermits=1000");

    private static async Task<List<Decision>> DecisionsAsync(PartitionScenario scenario) =>
        [.. (await scenario.ReadJournalAsync()).SelectMany(batch => batch.Batch.Decisions)];

    private static void AssertNoTickets(JsonElement order) =>
        Assert.True(!order.TryGetProperty("tickets", out var tickets) || tickets.ValueKind == JsonValueKind.Null, order.ToString());
}
