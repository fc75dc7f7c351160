using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.IntegrationTests.Journey;
using TicketBooking.IntegrationTests.Ops;
using TicketBooking.IntegrationTests.Projections;
using TicketBooking.IntegrationTests.Wallet;
using Xunit.Abstractions;

namespace TicketBooking.IntegrationTests.Resilience;

/// <summary>
/// Issue 11: the system scaled out as processes. Two engine hosts each host all 16 partitions and prefer half of them
/// (<c>--preferred 0-7</c> and <c>8-15</c>), so they split them through the leases and each stands by for the other's
/// half; two ingresses (in this process), two wallets sharing the settlement consumer, and the projections worker. A
/// burst of orders over a session in every partition goes through both ingresses; one engine host is SIGKILLed
/// mid-burst. The other must take its partitions over (and the time until each decides again is printed), every 202
/// must be final when read on the other ingress, and tb-ops must find the journals and the money in order. On a
/// nats-server and a database of this test's own, so no other engine host takes or holds a lease.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class ScaleOutTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Rows = 10;
    private const int SeatsPerRow = 40;
    private const int BuyerCount = 32;
    private const int Senders = 8;

    // Orders accepted on each side of the kill: enough for every partition to have taken some, however loaded the machine.
    private const int OrdersEachSide = 100;
    private const string FirstHalf = "0-7";
    private const string SecondHalf = "8-15";

    private static readonly string[] FinalStatuses = ["confirmed", "rejected", "released", "expired", "cancelled"];
    private static readonly TimeSpan DecidedWithin = TimeSpan.FromSeconds(90);

    private IsolatedServices? _isolated;
    private TestBuyers? _buyers;

    private ServicesFixture Services => _isolated?.Services ?? throw new InvalidOperationException("Not initialized.");

    private TestBuyers Buyers => _buyers ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        _isolated = await IsolatedServices.StartAsync("tb_it_scaleout_");
        _buyers = new TestBuyers(Services.Pg);
        await _buyers.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_isolated is not null)
        {
            await _isolated.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_engine_hosts_split_the_partitions_and_the_survivor_of_a_sigkill_decides_the_others_within_seconds()
    {
        await using var first = EngineHostProcess.Start(Services, "all", Preferring(FirstHalf));
        var second = EngineHostProcess.Start(Services, "all", Preferring(SecondHalf));
        try
        {
            await WaitForSplitAsync(first, second);
            await using var wallets = new ProcessGroup<WalletProcess>([await WalletProcess.StartAsync(Services), await WalletProcess.StartAsync(Services)]);
            await using var projector = await ProjectorProcess.StartAsync(Services);
            await using var ingresses = new ProcessGroup<IngressInstance>(
            [
                await IngressInstance.StartAsync(Services, "--Ingress:BuyerRatePermits=100000"),
                await IngressInstance.StartAsync(Services, "--Ingress:BuyerRatePermits=100000"),
            ]);
            var sessions = await CreateSessionsAsync(ingresses.Members);
            var buyers = await FundBuyersAsync(wallets.Members[0]);
            var clients = ingresses.Members.Select(ingress => buyers.ToDictionary(buyer => buyer, buyer => ingress.Client(buyer))).ToArray();
            try
            {
                await DropThroughKillAsync(first, second, wallets.Members, projector, clients, sessions, ChaosSeed.Pick(output.WriteLine));
            }
            finally
            {
                foreach (var client in clients.SelectMany(perIngress => perIngress.Values))
                {
                    client.Dispose();
                }
            }
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private async Task DropThroughKillAsync(
        EngineHostProcess survivor,
        EngineHostProcess victim,
        IReadOnlyList<WalletProcess> wallets,
        ProjectorProcess projector,
        Dictionary<long, HttpClient>[] clients,
        long[] sessions,
        int chaosSeed)
    {
        var accepted = new ConcurrentQueue<(int Ingress, long Buyer, Guid Order)>();
        var answers = new ConcurrentDictionary<HttpStatusCode, int>();
        using var stopSending = new CancellationTokenSource();
        var sending = Enumerable.Range(0, Senders)
            .Select(sender => Task.Run(() => SendOrdersAsync(new Random(unchecked(chaosSeed + sender)), clients, sessions, accepted, answers, stopSending.Token)))
            .ToList();

        await Eventually.UntilAsync(() => accepted.Count >= OrdersEachSide, $"{OrdersEachSide} orders accepted before the kill", TimeSpan.FromSeconds(60));
        var takenOver = PartitionList(SecondHalf);
        using var stopWatching = new CancellationTokenSource();
        var watching = RunningSinceAsync(survivor, takenOver, stopWatching.Token);
        var killedAt = DateTimeOffset.UtcNow;
        await victim.KillAsync();
        var exitedAt = DateTimeOffset.UtcNow;
        foreach (var partition in takenOver)
        {
            await survivor.WaitForStatusAsync(partition, "Running", TimeSpan.FromSeconds(30));
        }

        var acceptedBeforeTakeover = accepted.Count;
        await Eventually.UntilAsync(
            () => accepted.Count >= acceptedBeforeTakeover + OrdersEachSide, $"{OrdersEachSide} orders accepted after the takeover", TimeSpan.FromSeconds(60));
        await stopSending.CancelAsync();
        await Task.WhenAll(sending);
        await stopWatching.CancelAsync();
        var runningAt = await watching;
        output.WriteLine($"Answers: {string.Join(", ", answers.Select(pair => $"{(int)pair.Key}: {pair.Value}"))}");
        Assert.True(answers.Keys.All(status => status is HttpStatusCode.Accepted), $"Unexpected answers: {string.Join(", ", answers)}");

        await ReportTakeoverAsync(survivor, takenOver, killedAt, exitedAt, runningAt);

        var statuses = await FinalStatusesAsync(clients, [.. accepted]);
        var undecided = statuses.Where(pair => !FinalStatuses.Contains(pair.Value)).ToList();
        Assert.True(undecided.Count == 0, $"{undecided.Count} of {statuses.Count} accepted orders not final within {DecidedWithin}, e.g. {string.Join(", ", undecided.Take(5))}; survivor's log:\n{survivor.ReadLog()}");
        output.WriteLine($"Accepted {statuses.Count}: {string.Join(", ", statuses.GroupBy(pair => pair.Value).Select(group => $"{group.Key} {group.Count()}"))}");
        Assert.True(statuses.Values.Any(status => status == "confirmed"), "No order was paid.");

        var settled = await Task.WhenAll(wallets.Select(wallet => wallet.SettledPaymentsAsync()));
        output.WriteLine($"Payments settled by each wallet: {string.Join(", ", settled)}");
        Assert.All(settled, count => Assert.True(count > 0, $"A wallet settled nothing: {string.Join(", ", settled)}"));
        var debits = await Buyers.DebitsAsync();
        Assert.Equal(debits.Count, debits.Select(debit => debit.OrderId).Distinct().Count());

        Assert.True((await projector.ReadinessAsync()) == HttpStatusCode.OK, projector.ReadLog());
        var verify = await OpsCliRun.RunProcessAsync(Services, "verify", "--all");
        Assert.True(verify.ExitCode == 0, $"tb-ops verify --all failed: {verify}");
        var money = await OpsCliRun.RunProcessAsync(Services, "money", "--buyers", Buyers.Range, "--wait", "00:00:30", "--json");
        Assert.True(money.ExitCode == 0, $"tb-ops money --buyers {Buyers.Range} failed: {money}");
    }

    /// <summary>
    /// From the SIGKILL to each taken-over partition's first journaled batch after the victim exited (the first the
    /// survivor decided), and to its Running on the survivor's /partitions; printed, and bounded loosely here.
    /// </summary>
    private async Task ReportTakeoverAsync(EngineHostProcess survivor, IReadOnlyList<int> partitions, DateTimeOffset killedAt, DateTimeOffset exitedAt, IReadOnlyDictionary<int, DateTimeOffset> runningAt)
    {
        var clock = new JournalClock(new NatsJSContext(Services.Nats));
        var decidedAfter = new Dictionary<int, TimeSpan>();
        foreach (var partition in partitions)
        {
            var decided = await clock.FirstBatchSinceAsync(partition, exitedAt, TimeSpan.FromSeconds(10));
            Assert.True(decided.HasValue, $"Partition {partition} decided nothing after the kill; survivor's log:\n{survivor.ReadLog()}");
            decidedAfter[partition] = decided.Value - killedAt;
        }

        string Ms(TimeSpan span) => $"{span.TotalMilliseconds:F0} ms";
        var ordered = decidedAfter.Values.Order().ToList();
        output.WriteLine($"Takeover (SIGKILL -> first decision): median {Ms(ordered[ordered.Count / 2])}, slowest {Ms(ordered[^1])}; SIGKILL -> exit {Ms(exitedAt - killedAt)}");
        foreach (var partition in partitions)
        {
            var running = runningAt.TryGetValue(partition, out var at) ? Ms(at - killedAt) : "not seen";
            output.WriteLine($"  partition {partition}: running after {running}, deciding after {Ms(decidedAfter[partition])}");
        }

        foreach (var line in survivor.ReadLog().Split('\n').Where(line => line.Contains("recovered in", StringComparison.Ordinal)))
        {
            output.WriteLine("  survivor: " + line.Trim());
        }

        Assert.True(ordered[^1] < TimeSpan.FromSeconds(15), $"A partition took {Ms(ordered[^1])} to decide again.");
    }

    /// <summary>When each of <paramref name="partitions"/> was first seen Running on <paramref name="host"/>'s /partitions, polled every 20 ms.</summary>
    private static async Task<IReadOnlyDictionary<int, DateTimeOffset>> RunningSinceAsync(EngineHostProcess host, IReadOnlyList<int> partitions, CancellationToken stop)
    {
        var seen = new Dictionary<int, DateTimeOffset>();
        while (!stop.IsCancellationRequested && seen.Count < partitions.Count)
        {
            var statuses = await host.StatusesAsync();
            var now = DateTimeOffset.UtcNow;
            foreach (var partition in partitions.Where(partition => !seen.ContainsKey(partition)))
            {
                if (statuses is not null && statuses.TryGetValue(partition, out var status) && status == "Running")
                {
                    seen[partition] = now;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }

        return seen;
    }

    private static async Task WaitForSplitAsync(EngineHostProcess first, EngineHostProcess second)
    {
        foreach (var (owner, standby, partitions) in new[] { (first, second, FirstHalf), (second, first, SecondHalf) })
        {
            foreach (var partition in PartitionList(partitions))
            {
                await owner.WaitForStatusAsync(partition, "Running");
                await standby.WaitForStatusAsync(partition, "Standby");
            }
        }
    }

    /// <summary>One session in each partition, known to both ingresses (their catalogs refresh every second).</summary>
    private static async Task<long[]> CreateSessionsAsync(IReadOnlyList<IngressInstance> ingresses)
    {
        var sessions = Enumerable.Range(0, SessionPartitioner.DefaultPartitionCount).Select(partition => PartitionAllocator.SessionsOf(partition).First()).ToArray();
        foreach (var session in sessions)
        {
            await JourneyApi.CreateSessionAsync(ingresses[0], session, Rows, SeatsPerRow, holdTimeoutSeconds: 600, maxSeatsPerBuyer: 100);
        }

        foreach (var ingress in ingresses)
        {
            using var anonymous = ingress.Client();
            foreach (var session in sessions)
            {
                await Eventually.UntilAsync(
                    async () => (await anonymous.GetAsync($"/api/sessions/{session}/availability")).StatusCode == HttpStatusCode.OK,
                    $"session {session}'s availability on {ingress.Address}",
                    TimeSpan.FromSeconds(30));
            }
        }

        return sessions;
    }

    private async Task<long[]> FundBuyersAsync(WalletProcess wallet)
    {
        var buyers = new long[BuyerCount];
        for (var i = 0; i < BuyerCount; i++)
        {
            buyers[i] = Buyers.Next();
            using var purse = wallet.Client(buyers[i]);
            await purse.FundAsync(1_000_000);
        }

        return buyers;
    }

    /// <summary>Orders one random seat of a random session as a random buyer through a random ingress, again and again.</summary>
    private static async Task SendOrdersAsync(
        Random random,
        Dictionary<long, HttpClient>[] clients,
        long[] sessions,
        ConcurrentQueue<(int Ingress, long Buyer, Guid Order)> accepted,
        ConcurrentDictionary<HttpStatusCode, int> answers,
        CancellationToken stop)
    {
        var buyers = clients[0].Keys.ToArray();
        while (!stop.IsCancellationRequested)
        {
            var ingress = random.Next(clients.Length);
            var buyer = buyers[random.Next(buyers.Length)];
            var session = sessions[random.Next(sessions.Length)];
            using var response = await IngressInstance.OrderAsync(clients[ingress][buyer], session, Guid.NewGuid().ToString(), new { seats = new[] { random.Next(Rows * SeatsPerRow) } });
            answers.AddOrUpdate(response.StatusCode, 1, (_, count) => count + 1);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None);
                accepted.Enqueue((ingress, buyer, body.GetProperty("orderId").GetGuid()));
            }
        }
    }

    /// <summary>Each order's status once final, long-polled on the ingress that did not accept it, or the last one read when the bound passed.</summary>
    private static async Task<Dictionary<Guid, string>> FinalStatusesAsync(Dictionary<long, HttpClient>[] clients, IReadOnlyList<(int Ingress, long Buyer, Guid Order)> orders)
    {
        using var deadline = new CancellationTokenSource(DecidedWithin);
        var statuses = new ConcurrentDictionary<Guid, string>();
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (order, _) =>
        {
            var reader = clients[(order.Ingress + 1) % clients.Length][order.Buyer];
            var status = "unread";
            while (!FinalStatuses.Contains(status) && !deadline.IsCancellationRequested)
            {
                using var response = await reader.GetAsync($"/api/orders/{order.Order}?wait=5", CancellationToken.None);
                status = response.StatusCode == HttpStatusCode.OK
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None)).GetProperty("status").GetString() ?? "null"
                    : $"HTTP {(int)response.StatusCode}";
                if (!FinalStatuses.Contains(status) && response.StatusCode != HttpStatusCode.OK)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
                }
            }

            statuses[order.Order] = status;
        });
        return new Dictionary<Guid, string>(statuses);
    }

    private static Dictionary<string, string> Preferring(string partitions) => new() { ["Engine__PreferredPartitions"] = partitions };

    private static IReadOnlyList<int> PartitionList(string partitions) =>
        TicketBooking.Engine.Host.PartitionList.Parse(partitions, SessionPartitioner.DefaultPartitionCount);

    /// <summary>Processes of one kind started together and disposed together.</summary>
    private sealed class ProcessGroup<T>(IReadOnlyList<T> members) : IAsyncDisposable
        where T : IAsyncDisposable
    {
        public IReadOnlyList<T> Members => members;

        public async ValueTask DisposeAsync()
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    }
}
