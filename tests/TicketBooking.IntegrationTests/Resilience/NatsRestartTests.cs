using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.Contracts;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.IntegrationTests.Journey;
using TicketBooking.IntegrationTests.Nats;
using TicketBooking.IntegrationTests.Ops;
using TicketBooking.IntegrationTests.Projections;
using TicketBooking.IntegrationTests.Wallet;
using TicketBooking.Storage;
using Xunit.Abstractions;

namespace TicketBooking.IntegrationTests.Resilience;

/// <summary>
/// Issue 11: nats-server SIGKILLed twice during a drop and restarted on its data. Against a nats-server of this test's
/// own (the shared one is never restarted): an engine host, the wallet and the projections worker as processes, an
/// ingress in this process, funded buyers and a burst of orders over HTTP that goes on through both kills. Every order
/// answered 202 must reach a final state that <c>GET /api/orders/{id}</c> shows, the projection must catch up, readiness
/// must have failed while NATS was away and hold again after, and tb-ops must find the journals and the money in order.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class NatsRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Partitions = "0,1";
    private const int Rows = 20;
    private const int SeatsPerRow = 50;
    private const int BuyerCount = 24;
    private const int Senders = 6;

    private static readonly string[] FinalStatuses = ["confirmed", "rejected", "released", "expired", "cancelled"];
    private static readonly TimeSpan DecidedWithin = TimeSpan.FromSeconds(90);

    private readonly AuthorizedNatsServer _nats = new();
    private ServicesFixture? _services;
    private TestBuyers? _buyers;

    private ServicesFixture Services => _services ?? throw new InvalidOperationException("Not initialized.");

    private TestBuyers Buyers => _buyers ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        await _nats.InitializeAsync();
        _services = ServicesFixture.ForServer(_nats.Url, _nats.PasswordOf);
        await _services.InitializeAsync();
        _buyers = new TestBuyers(_services.Pg);
        await _buyers.MigrateAsync();
        await DeleteSnapshotsAsync();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await Buyers.DeleteAsync();
            await DeleteSnapshotsAsync();
            await _services.DisposeAsync();
        }

        await _nats.DisposeAsync();
    }

    [Fact]
    public async Task Every_accepted_order_is_decided_and_every_service_is_ready_again_after_nats_is_killed_twice_mid_burst()
    {
        await using var engine = EngineHostProcess.Start(Services, Partitions);
        await engine.WaitForStatusAsync(0, "Running");
        await engine.WaitForStatusAsync(1, "Running");
        await using var wallet = await WalletProcess.StartAsync(Services);
        await using var projector = await ProjectorProcess.StartAsync(Services);
        await using var ingress = await IngressInstance.StartAsync(Services, "--Ingress:BuyerRatePermits=100000");
        using var anonymous = ingress.Client();
        anonymous.Timeout = TimeSpan.FromSeconds(3);
        await WaitUntilReadyAsync(anonymous, "the ingress");

        long[] sessions = [FirstSessionOf(0), FirstSessionOf(1)];
        foreach (var session in sessions)
        {
            await JourneyApi.CreateSessionAsync(ingress, session, Rows, SeatsPerRow, holdTimeoutSeconds: 600, maxSeatsPerBuyer: 100);
        }

        var clients = new Dictionary<long, HttpClient>();
        for (var i = 0; i < BuyerCount; i++)
        {
            var buyerId = Buyers.Next();
            using var purse = wallet.Client(buyerId);
            await purse.FundAsync(1_000_000);
            clients[buyerId] = ingress.Client(buyerId);
        }

        try
        {
            await DropThroughTwoKillsAsync(engine, projector, anonymous, clients, sessions);
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }

    private async Task DropThroughTwoKillsAsync(EngineHostProcess engine, ProjectorProcess projector, HttpClient anonymous, Dictionary<long, HttpClient> clients, long[] sessions)
    {
        var clock = Stopwatch.StartNew();
        var readiness = new ConcurrentQueue<(TimeSpan At, bool Ready)>();
        var accepted = new ConcurrentQueue<(long Buyer, Guid Order, TimeSpan At)>();
        var answers = new ConcurrentDictionary<HttpStatusCode, int>();
        using var stopSending = new CancellationTokenSource();
        var sampling = SampleReadinessAsync(anonymous, clock, readiness, stopSending.Token);
        var sending = Enumerable.Range(0, Senders)
            .Select(_ => Task.Run(() => SendOrdersAsync(clients, sessions, clock, accepted, answers, stopSending.Token)))
            .ToList();

        var outages = new List<(TimeSpan Killed, TimeSpan Restarted)>();
        for (var kill = 0; kill < 2; kill++)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            var killed = clock.Elapsed;
            await _nats.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await _nats.RestartAsync();
            outages.Add((killed, clock.Elapsed));
        }

        await Task.Delay(TimeSpan.FromSeconds(4));
        await stopSending.CancelAsync();
        await Task.WhenAll(sending);
        output.WriteLine($"Answers: {string.Join(", ", answers.Select(pair => $"{(int)pair.Key}: {pair.Value}"))}; outages {string.Join(", ", outages)}");

        Assert.NotEmpty(accepted);
        Assert.Contains(accepted, order => order.At > outages[^1].Restarted);
        Assert.True(answers.Keys.All(status => status is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable), $"Unexpected answers: {string.Join(", ", answers)}");

        var statuses = await FinalStatusesAsync(clients, [.. accepted.Select(order => (order.Buyer, order.Order))]);
        var undecided = statuses.Where(pair => !FinalStatuses.Contains(pair.Value)).ToList();
        Assert.True(undecided.Count == 0, $"{undecided.Count} of {statuses.Count} accepted orders not final within {DecidedWithin}, e.g. {string.Join(", ", undecided.Take(5))}; engine log:\n{engine.ReadLog()}");
        output.WriteLine($"Accepted {statuses.Count}: {string.Join(", ", statuses.GroupBy(pair => pair.Value).Select(group => $"{group.Key} {group.Count()}"))}");

        await WaitUntilReadyAsync(anonymous, "the ingress");
        await sampling;
        foreach (var (killed, restarted) in outages)
        {
            Assert.Contains(readiness, sample => !sample.Ready && sample.At >= killed && sample.At <= restarted + TimeSpan.FromSeconds(2));
        }

        Assert.True((await projector.ReadinessAsync()) == HttpStatusCode.OK, projector.ReadLog());
        await Eventually.TrueAsync(
            async () => await ProjectedFinalOrdersAsync([.. statuses.Keys]) == statuses.Count,
            "the order projection to hold every accepted order in its final state",
            TimeSpan.FromSeconds(60),
            projector.ReadLog);

        var verify = await OpsCliRun.RunProcessAsync(Services, "verify", "--all");
        Assert.True(verify.ExitCode == 0, $"tb-ops verify --all failed: {verify}");
        var money = await OpsCliRun.RunProcessAsync(Services, "money", "--buyers", Buyers.Range, "--wait", "00:00:30", "--json");
        Assert.True(money.ExitCode == 0, $"tb-ops money --buyers {Buyers.Range} failed: {money}");
    }

    /// <summary>Orders one random seat of a random session as a random buyer, again and again, recording each answer.</summary>
    private static async Task SendOrdersAsync(
        Dictionary<long, HttpClient> clients,
        long[] sessions,
        Stopwatch clock,
        ConcurrentQueue<(long Buyer, Guid Order, TimeSpan At)> accepted,
        ConcurrentDictionary<HttpStatusCode, int> answers,
        CancellationToken stop)
    {
        var buyers = clients.Keys.ToArray();
        while (!stop.IsCancellationRequested)
        {
            var buyer = buyers[Random.Shared.Next(buyers.Length)];
            var session = sessions[Random.Shared.Next(sessions.Length)];
            using var response = await IngressInstance.OrderAsync(clients[buyer], session, Guid.NewGuid().ToString(), new { seats = new[] { Random.Shared.Next(Rows * SeatsPerRow) } });
            answers.AddOrUpdate(response.StatusCode, 1, (_, count) => count + 1);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None);
                accepted.Enqueue((buyer, body.GetProperty("orderId").GetGuid(), clock.Elapsed));
            }
        }
    }

    private static async Task SampleReadinessAsync(HttpClient client, Stopwatch clock, ConcurrentQueue<(TimeSpan, bool)> samples, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            samples.Enqueue((clock.Elapsed, await IsReadyAsync(client)));
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }

    /// <summary>Each order's status once final (long-polled), or the last one read when the bound passed.</summary>
    private static async Task<Dictionary<Guid, string>> FinalStatusesAsync(Dictionary<long, HttpClient> clients, IReadOnlyList<(long Buyer, Guid Order)> orders)
    {
        using var deadline = new CancellationTokenSource(DecidedWithin);
        var statuses = new ConcurrentDictionary<Guid, string>();
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (order, _) =>
        {
            var status = "unread";
            while (!FinalStatuses.Contains(status) && !deadline.IsCancellationRequested)
            {
                using var response = await clients[order.Buyer].GetAsync($"/api/orders/{order.Order}?wait=5", CancellationToken.None);
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

    private async Task<long> ProjectedFinalOrdersAsync(Guid[] orders)
    {
        await using var count = Services.Pg.CreateCommand("SELECT count(*) FROM projections.orders WHERE order_id = ANY($1) AND status = ANY($2)");
        count.Parameters.AddWithValue(orders);
        count.Parameters.AddWithValue(FinalStatuses);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilReadyAsync(HttpClient client, string what) =>
        await Eventually.TrueAsync(() => IsReadyAsync(client), $"{what} to be ready", TimeSpan.FromSeconds(60));

    private static async Task<bool> IsReadyAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/health/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static long FirstSessionOf(int partition)
    {
        for (var id = Random.Shared.NextInt64(1, long.MaxValue / 2); ; id++)
        {
            if (SessionPartitioner.PartitionOf(id) == partition)
            {
                return id;
            }
        }
    }

    /// <summary>Snapshots of any partition, as PartitionScenario.CleanAsync removes them: those of another journal would be ahead of this server's.</summary>
    private async Task DeleteSnapshotsAsync()
    {
        await SchemaMigrator.ForEngine(Services.Pg).MigrateAsync(CancellationToken.None);
        await using var delete = Services.Pg.CreateCommand("DELETE FROM engine.snapshots WHERE partition < 1000");
        await delete.ExecuteNonQueryAsync();
    }
}
