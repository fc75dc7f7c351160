using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.Wallet.Settlement;
using Xunit.Abstractions;

using TicketBooking.IntegrationTests.Ops;

namespace TicketBooking.IntegrationTests.Wallet;

/// <summary>
/// Settlement against a real engine host, nats-server and PostgreSQL: held orders are paid or
/// released, redeliveries change no money, and a wallet killed mid-burst leaves no order unpaid or
/// paid twice. Prices: row 0 (category 0) 7,000, row 1 (category 1) 4,000, and so on alternately.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class SettlementTests(ServicesFixture services, PartitionAllocator partitions, ITestOutputHelper output) : IAsyncLifetime
{
    private const long Seat0Price = 7_000;
    private const long Seat1Price = 4_000;

    private readonly TestBuyers _buyers = new(services.Pg);

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
    }

    [Fact]
    public async Task A_funded_order_is_confirmed_and_debited_and_an_unfunded_one_released_without_a_debit()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var wallet = await WalletInstance.StartAsync(services);
        var (funded, poor, stranger) = (_buyers.Next(), _buyers.Next(), _buyers.Next());
        using (var client = wallet.Client(funded))
        {
            await client.FundAsync(10_000);
        }

        using (var client = wallet.Client(poor))
        {
            await client.FundAsync(Seat0Price - 1);
        }

        var session = scenario.Sessions().First();
        await scenario.OpenAsync(session, PartitionScenario.Hall(2, 10));
        var paid = new Purchase(Guid.NewGuid(), session, funded, SeatRequest.Explicit(0));
        var short1 = new Purchase(Guid.NewGuid(), session, poor, SeatRequest.Explicit(1));
        var unknown = new Purchase(Guid.NewGuid(), session, stranger, SeatRequest.Explicit(2));
        foreach (var purchase in new[] { paid, short1, unknown })
        {
            await scenario.PublishAsync(purchase);
        }

        var outcomes = await WaitUntilSettledAsync(scenario, 3, host.ReadLog);

        Assert.IsType<OrderConfirmed>(outcomes[paid.OrderId]);
        Assert.Equal(PaymentOutcome.InsufficientFunds, Assert.IsType<OrderReleased>(outcomes[short1.OrderId]).Reason);
        Assert.Equal(PaymentOutcome.NoAccount, Assert.IsType<OrderReleased>(outcomes[unknown.OrderId]).Reason);
        Assert.Equal([(paid.OrderId, Seat0Price)], await _buyers.DebitsAsync());
        Assert.Equal(10_000 - Seat0Price, await BalanceAsync(wallet, funded));
        Assert.Equal(Seat0Price - 1, await BalanceAsync(wallet, poor));
        Assert.Equal(
            new Dictionary<Guid, string?> { [paid.OrderId] = null, [short1.OrderId] = PaymentOutcome.InsufficientFunds, [unknown.OrderId] = PaymentOutcome.NoAccount },
            await _buyers.PaymentsAsync());
        await scenario.VerifyJournalAsync();
    }

    [Fact]
    public async Task Settling_every_decision_again_from_the_start_changes_no_money()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        var (rich, broke) = (_buyers.Next(), _buyers.Next());
        var session = scenario.Sessions().First();
        await scenario.OpenAsync(session, PartitionScenario.Hall(2, 10));
        var kept = new Purchase(Guid.NewGuid(), session, rich, SeatRequest.Explicit(0));
        var cancelled = new Purchase(Guid.NewGuid(), session, rich, SeatRequest.Explicit(10));
        var failed = new Purchase(Guid.NewGuid(), session, broke, SeatRequest.Explicit(1));
        string statement;
        await using (var first = await WalletInstance.StartAsync(services))
        {
            using (var client = first.Client(rich))
            {
                await client.FundAsync(20_000);
            }

            using (var client = first.Client(broke))
            {
                await client.FundAsync(0);
            }

            foreach (var purchase in new[] { kept, cancelled, failed })
            {
                await scenario.PublishAsync(purchase);
            }

            await WaitUntilSettledAsync(scenario, 3, host.ReadLog);
            await scenario.PublishAsync(new Cancel(cancelled.OrderId, session, rich));
            await Eventually.UntilAsync(async () => (await _buyers.RefundsAsync()).Count == 1, "the cancelled order's refund");

            // Money that would now cover the failed order: a re-decided payment would debit it.
            using (var client = first.Client(broke))
            {
                await client.FundAsync(20_000);
            }

            statement = await _buyers.StatementAsync();
        }

        await new NatsJSContext(services.Nats).DeleteConsumerAsync(Subjects.DecisionsStream, SettlementService.ConsumerName);
        await using (await WalletInstance.StartAsync(services))
        {
            await WaitUntilJournalAckedAsync("the recreated consumer to settle the whole journal again");
        }

        Assert.Equal(statement, await _buyers.StatementAsync());
        Assert.Equal([(kept.OrderId, Seat0Price), (cancelled.OrderId, Seat1Price)], await _buyers.DebitsAsync());
        Assert.Equal([(cancelled.OrderId, Seat1Price)], await _buyers.RefundsAsync());
        Assert.Equal((40_000L, 40_000L - Seat0Price, Seat0Price + Seat1Price, Seat1Price), await _buyers.MoneyAsync());
        var decisions = (await scenario.ReadJournalAsync()).SelectMany(batch => batch.Batch.Decisions).ToList();
        Assert.Equal(2, decisions.OfType<OrderConfirmed>().Count());
        Assert.Equal([failed.OrderId], decisions.OfType<OrderReleased>().Select(released => released.OrderId));
        Assert.Single(decisions.OfType<RefundDue>());
    }

    [Fact]
    public async Task A_wallet_killed_mid_burst_leaves_no_order_unpaid_or_paid_twice()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        var settings = new Dictionary<string, string>
        {
            ["Wallet__Settlement__BatchSize"] = "16",
            ["Wallet__Settlement__AckWait"] = "00:00:02",
        };
        var wallet = await WalletProcess.StartAsync(services, settings);
        var random = new Random(14);
        var buyers = Enumerable.Range(0, 100).Select(_ => _buyers.Next()).ToArray();
        foreach (var buyer in buyers)
        {
            using var client = wallet.Client(buyer);
            await client.FundAsync(random.Next(0, 6) * Seat1Price);
        }

        var session = scenario.Sessions().First();
        await scenario.OpenAsync(session, PartitionScenario.Hall(20, 30), holdTimeoutMs: 600_000);
        var purchases = Enumerable.Range(0, 500).Select(seat => new Purchase(Guid.NewGuid(), session, buyers[seat % buyers.Length], SeatRequest.Explicit(seat))).ToArray();
        try
        {
            // Paced over a few seconds, so that the kills land while holds are still coming in; the last ones only
            // after both kills, so that however slowly a wallet starts again, the burst is not over before a kill.
            var afterKills = purchases.Length - 100;
            var burst = Task.Run(async () =>
            {
                foreach (var purchase in purchases[..afterKills])
                {
                    await scenario.PublishAsync(purchase);
                    await Task.Delay(5);
                }
            });
            foreach (var killAt in new[] { 100, 250 })
            {
                await Eventually.UntilAsync(async () => (await _buyers.PaymentsAsync()).Count >= killAt, $"{killAt} payments", diagnostics: wallet.ReadLog);
                await wallet.KillAsync();
                var recorded = (await _buyers.PaymentsAsync()).Count;
                output.WriteLine($"Killed the wallet with {recorded} of {purchases.Length} payments recorded.");
                Assert.True(recorded < purchases.Length, "The burst was over before the wallet was killed.");
                await wallet.DisposeAsync();
                wallet = await WalletProcess.StartAsync(services, settings);
            }

            await burst;
            foreach (var purchase in purchases[afterKills..])
            {
                await scenario.PublishAsync(purchase);
            }

            var outcomes = await WaitUntilSettledAsync(scenario, purchases.Length, wallet.ReadLog, TimeSpan.FromSeconds(120));

            var held = (await scenario.ReadJournalAsync()).SelectMany(batch => batch.Batch.Decisions).OfType<OrderHeld>().ToDictionary(hold => hold.OrderId);
            Assert.Equal(purchases.Length, held.Count);
            var debits = await _buyers.DebitsAsync();
            Assert.Equal(debits.Count, debits.Select(debit => debit.OrderId).Distinct().Count());
            var debitByOrder = debits.ToDictionary(debit => debit.OrderId, debit => debit.Amount);
            var payments = await _buyers.PaymentsAsync();
            foreach (var (orderId, outcome) in outcomes)
            {
                Assert.True(payments.ContainsKey(orderId), $"Order {orderId} has no recorded payment.");
                switch (outcome)
                {
                    case OrderConfirmed:
                        Assert.Equal(held[orderId].Amount, debitByOrder[orderId]);
                        Assert.Null(payments[orderId]);
                        break;
                    case OrderReleased released:
                        Assert.False(debitByOrder.ContainsKey(orderId), $"Released order {orderId} was debited.");
                        Assert.Equal(payments[orderId], released.Reason);
                        break;
                    default:
                        Assert.Fail($"Order {orderId} ended as {outcome.GetType().Name}, not paid or released.");
                        break;
                }
            }

            Assert.Equal(outcomes.Values.OfType<OrderConfirmed>().Count(), debits.Count);
            Assert.Contains(outcomes.Values, outcome => outcome is OrderReleased);
            var (topUps, balances, debited, refunded) = await _buyers.MoneyAsync();
            Assert.Equal(topUps - balances, debited - refunded);
            var money = await OpsCliRun.RunAsync(services, "money", "--buyers", _buyers.Range, "--wait", "00:00:30");
            Assert.True(money.ExitCode == 0, $"tb-ops money --buyers {_buyers.Range}: {money}");
            await scenario.VerifyJournalAsync();
        }
        finally
        {
            await wallet.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_refund_that_would_overflow_a_balance_is_parked_and_the_rest_of_its_batch_is_paid()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        var (poisoned, funded) = (_buyers.Next(), _buyers.Next());
        var session = scenario.Sessions().First();
        await scenario.OpenAsync(session, PartitionScenario.Hall(2, 10));
        var refunded = new Purchase(Guid.NewGuid(), session, poisoned, SeatRequest.Explicit(0));
        var paid = new Purchase(Guid.NewGuid(), session, funded, SeatRequest.Explicit(10));
        await using (var first = await WalletInstance.StartAsync(services))
        {
            foreach (var buyer in new[] { poisoned, funded })
            {
                using var client = first.Client(buyer);
                await client.FundAsync(10_000);
            }

            await scenario.PublishAsync(refunded);
            await WaitUntilSettledAsync(scenario, 1, host.ReadLog);
            await WaitUntilJournalAckedAsync("the first purchase's hold to be acked");
        }

        // With no wallet running, the refund and the other buyer's hold wait in the journal for one batch.
        const long NearTheMaximum = long.MaxValue - 1_000;
        await _buyers.SetBalanceAsync(poisoned, NearTheMaximum);
        await scenario.PublishAsync(new Cancel(refunded.OrderId, session, poisoned));
        await scenario.PublishAsync(paid);
        await Eventually.UntilAsync(
            async () =>
            {
                var decisions = (await scenario.ReadJournalAsync()).SelectMany(batch => batch.Batch.Decisions).ToList();
                return decisions.OfType<RefundDue>().Any() && decisions.OfType<OrderHeld>().Any(held => held.OrderId == paid.OrderId);
            },
            "the refund and the second hold in the journal",
            diagnostics: host.ReadLog);

        await using var wallet = await WalletInstance.StartAsync(services);
        var outcomes = await WaitUntilSettledAsync(scenario, 2, host.ReadLog);
        await WaitUntilJournalAckedAsync("the poisoned batch to be acked");

        Assert.IsType<OrderConfirmed>(outcomes[paid.OrderId]);
        Assert.Equal([(refunded.OrderId, "refund", Seat0Price, DeadLetter.BalanceOverflow)], await _buyers.DeadLettersAsync());
        Assert.Equal(1, await DeadLettersMetricAsync(wallet, "refund"));
        Assert.Equal([(refunded.OrderId, Seat0Price), (paid.OrderId, Seat1Price)], await _buyers.DebitsAsync());
        Assert.Empty(await _buyers.RefundsAsync());
        Assert.Equal(NearTheMaximum, await _buyers.BalanceAsync(poisoned));
        Assert.Equal(10_000 - Seat1Price, await _buyers.BalanceAsync(funded));
        Assert.Equal(new Dictionary<Guid, string?> { [refunded.OrderId] = null, [paid.OrderId] = null }, await _buyers.PaymentsAsync());
        await scenario.VerifyJournalAsync();
    }

    private static async Task<long> BalanceAsync(WalletInstance wallet, long buyer)
    {
        using var client = wallet.Client(buyer);
        return (await client.AccountAsync())!.Balance;
    }

    /// <summary>The <c>tb_wallet_settlement_dead_letters_total</c> sample of <paramref name="kind"/> on the wallet's /metrics, 0 when there is none.</summary>
    private static async Task<double> DeadLettersMetricAsync(WalletInstance wallet, string kind)
    {
        using var client = wallet.Client();
        var text = await client.Http.GetStringAsync("/metrics");
        var sample = text.Split('\n').FirstOrDefault(line => line.StartsWith("tb_wallet_settlement_dead_letters_total{", StringComparison.Ordinal) && line.Contains($"kind=\"{kind}\"", StringComparison.Ordinal));
        return sample is null ? 0 : double.Parse(sample[(sample.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the settlement consumer has been delivered the whole journal and acked every message.</summary>
    private async Task WaitUntilJournalAckedAsync(string what)
    {
        var js = new NatsJSContext(services.Nats);
        await Eventually.UntilAsync(
            async () =>
            {
                var consumer = await js.GetConsumerAsync(Subjects.DecisionsStream, SettlementService.ConsumerName);
                var stream = await js.GetStreamAsync(Subjects.DecisionsStream);
                return consumer.Info.Delivered.StreamSeq >= stream.Info.State.LastSeq && consumer.Info.NumAckPending == 0;
            },
            what);
    }

    /// <summary>Waits until <paramref name="orders"/> held orders each have their payment's outcome in the journal, and returns the outcomes by order.</summary>
    private static async Task<Dictionary<Guid, Decision>> WaitUntilSettledAsync(PartitionScenario scenario, int orders, Func<string> diagnostics, TimeSpan? timeout = null)
    {
        var outcomes = new Dictionary<Guid, Decision>();
        await Eventually.UntilAsync(
            async () =>
            {
                var decisions = (await scenario.ReadJournalAsync()).SelectMany(batch => batch.Batch.Decisions).ToList();
                var held = decisions.OfType<OrderHeld>().Select(hold => hold.OrderId).ToHashSet();
                outcomes = decisions
                    .Where(decision => decision is OrderConfirmed or OrderReleased or OrderExpired)
                    .ToDictionary(OrderOf);
                return held.Count >= orders && held.All(outcomes.ContainsKey);
            },
            $"{orders} held orders to be paid or released",
            timeout,
            diagnostics);
        return outcomes;
    }

    private static Guid OrderOf(Decision decision) => decision switch
    {
        OrderConfirmed confirmed => confirmed.OrderId,
        OrderReleased released => released.OrderId,
        OrderExpired expired => expired.OrderId,
        _ => throw new ArgumentException($"{decision.GetType().Name} is not an order's outcome.", nameof(decision)),
    };
}
