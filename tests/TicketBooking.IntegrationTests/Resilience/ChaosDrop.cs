using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.IntegrationTests.Journey;
using TicketBooking.IntegrationTests.Ops;
using TicketBooking.IntegrationTests.Projections;
using TicketBooking.IntegrationTests.Wallet;
using TicketBooking.Storage;

namespace TicketBooking.IntegrationTests.Resilience;

/// <summary>
/// A drop under fire (issue 11): an engine host for two partitions, the wallet and the projections worker as
/// processes, an ingress in this process, a session on each partition, funded buyers, and a burst of one-seat orders
/// over HTTP that goes on while the test breaks NATS. Afterwards every order answered 202 must reach a final state that
/// <c>GET /api/orders/{id}</c> shows, the projection must hold it, and tb-ops must find the journals and the money in order.
/// Who orders which seat of which session comes from the chaos seed, one generator per sender.
/// </summary>
internal sealed class ChaosDrop : IAsyncDisposable
{
    private const int Rows = 20;
    private const int SeatsPerRow = 50;
    private const int BuyerCount = 24;
    private const int Senders = 6;

    private static readonly string[] FinalStatuses = ["confirmed", "rejected", "released", "expired", "cancelled"];
    private static readonly TimeSpan DecidedWithin = TimeSpan.FromSeconds(90);

    /// <summary>How long the burst goes on after the test made NATS whole again.</summary>
    private static readonly TimeSpan Aftermath = TimeSpan.FromSeconds(4);

    private readonly ServicesFixture _services;
    private readonly TestBuyers _buyers;
    private readonly EngineHostProcess _engine;
    private readonly WalletProcess _wallet;
    private readonly ProjectorProcess _projector;
    private readonly IngressInstance _ingress;
    private readonly HttpClient _anonymous;
    private readonly Dictionary<long, HttpClient> _clients = [];
    private readonly long[] _sessions;
    private readonly int _chaosSeed;

    private ChaosDrop(ServicesFixture services, TestBuyers buyers, long[] sessions, int chaosSeed, EngineHostProcess engine, WalletProcess wallet, ProjectorProcess projector, IngressInstance ingress)
    {
        _services = services;
        _sessions = sessions;
        _chaosSeed = chaosSeed;
        _buyers = buyers;
        _engine = engine;
        _wallet = wallet;
        _projector = projector;
        _ingress = ingress;
        _anonymous = ingress.Client();
        _anonymous.Timeout = TimeSpan.FromSeconds(3);
    }

    /// <summary>Starts the services against <paramref name="services"/>' NATS, creates a session in each of <paramref name="partitions"/> and funds the buyers.</summary>
    /// <param name="chaosSeed">Seeds who orders what (<see cref="ChaosSeed"/>).</param>
    /// <param name="engineSettings">The engine host's extra settings, as environment variables (<c>Engine__Streams__Replicas</c>).</param>
    public static async Task<ChaosDrop> StartAsync(ServicesFixture services, TestBuyers buyers, IReadOnlyList<int> partitions, int chaosSeed, IReadOnlyDictionary<string, string>? engineSettings = null)
    {
        ArgumentNullException.ThrowIfNull(buyers);
        ArgumentNullException.ThrowIfNull(partitions);
        var started = new Stack<IAsyncDisposable>();
        try
        {
            var engine = EngineHostProcess.Start(services, partitions, engineSettings);
            started.Push(engine);
            foreach (var partition in partitions)
            {
                await engine.WaitForStatusAsync(partition, "Running");
            }

            var wallet = await WalletProcess.StartAsync(services);
            started.Push(wallet);
            var projector = await ProjectorProcess.StartAsync(services);
            started.Push(projector);
            var ingress = await IngressInstance.StartAsync(services, "--Ingress:BuyerRatePermits=100000");
            long[] sessions = [.. partitions.Select(partition => PartitionAllocator.SessionsOf(partition).First())];
            var drop = new ChaosDrop(services, buyers, sessions, chaosSeed, engine, wallet, projector, ingress);
            started.Clear();
            started.Push(drop);
            await drop.PrepareAsync();
            return drop;
        }
        catch
        {
            while (started.TryPop(out var service))
            {
                await service.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>
    /// Orders through <paramref name="chaos"/> (which breaks and mends NATS, and says when, on the clock it is given)
    /// and for <see cref="Aftermath"/> after it, sampling the ingress's readiness meanwhile.
    /// </summary>
    public async Task<DropRecord> RunAsync(Func<Stopwatch, Task<IReadOnlyList<DropOutage>>> chaos)
    {
        ArgumentNullException.ThrowIfNull(chaos);
        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentQueue<DropAnswer>();
        var readiness = new ConcurrentQueue<ReadinessSample>();
        using var stop = new CancellationTokenSource();
        var sampling = SampleReadinessAsync(clock, readiness, stop.Token);
        var sending = Enumerable.Range(0, Senders).Select(sender => Task.Run(() => SendOrdersAsync(new Random(unchecked(_chaosSeed + sender)), clock, answers, stop.Token))).ToList();
        IReadOnlyList<DropOutage> outages;
        try
        {
            outages = await chaos(clock);
            await Task.Delay(Aftermath);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(sending);
            await sampling;
        }

        var record = new DropRecord([.. answers.OrderBy(answer => answer.Answered)], outages, [.. readiness]);
        Assert.NotEmpty(record.Accepted);
        Assert.Contains(record.Accepted, answer => answer.Sent > outages[^1].Up);
        var unexpected = record.Answers.Where(answer => !answer.IsAccepted && !answer.IsRetryLater).ToList();
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} answers neither 202 nor 503 with Retry-After, e.g. {string.Join(", ", unexpected.Take(5))}");
        return record;
    }

    /// <summary>
    /// Every order answered 202 is final through GET, the ingress and the projector are ready, the projection holds
    /// every order in its final state, and <c>tb-ops verify --all</c> and <c>tb-ops money</c> pass. Returns how many ended how.
    /// </summary>
    public async Task<string> VerifyEveryAcceptedOrderDecidedAsync(DropRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var statuses = await FinalStatusesAsync([.. record.Accepted.Select(answer => (answer.Buyer, answer.Order!.Value))]);
        var undecided = statuses.Where(pair => !FinalStatuses.Contains(pair.Value)).ToList();
        if (undecided.Count > 0)
        {
            var first = undecided[0].Key;
            var history = await OpsCliRun.RunProcessAsync(_services, "order", first.ToString());
            Assert.Fail(
                $"{undecided.Count} of {statuses.Count} accepted orders not final within {DecidedWithin}, e.g. {string.Join(", ", undecided.Take(5))}; " +
                $"{first} in the projection: {await ProjectedStatusAsync(first) ?? "absent"}; tb-ops order {first}: {history}; engine log:\n{_engine.ReadLog()}");
        }

        await WaitUntilIngressReadyAsync();
        Assert.True((await _projector.ReadinessAsync()) == HttpStatusCode.OK, _projector.ReadLog());
        await Eventually.UntilAsync(
            async () => await ProjectedFinalOrdersAsync([.. statuses.Keys]) == statuses.Count,
            "the order projection to hold every accepted order in its final state",
            TimeSpan.FromSeconds(60),
            _projector.ReadLog);

        var verify = await OpsCliRun.RunProcessAsync(_services, "verify", "--all");
        Assert.True(verify.ExitCode == 0, $"tb-ops verify --all failed: {verify}");
        var money = await OpsCliRun.RunProcessAsync(_services, "money", "--buyers", _buyers.Range, "--wait", "00:00:30", "--json");
        Assert.True(money.ExitCode == 0, $"tb-ops money --buyers {_buyers.Range} failed: {money}");
        return $"Accepted {statuses.Count}: {string.Join(", ", statuses.GroupBy(pair => pair.Value).Select(group => $"{group.Key} {group.Count()}"))}";
    }

    public async Task WaitUntilIngressReadyAsync() =>
        await Eventually.UntilAsync(IsIngressReadyAsync, "the ingress to be ready", TimeSpan.FromSeconds(60));

    /// <summary>Snapshots of any partition, as PartitionScenario.CleanAsync removes them: those of another journal would be ahead of this test's streams.</summary>
    public static async Task DeleteSnapshotsAsync(ServicesFixture services)
    {
        ArgumentNullException.ThrowIfNull(services);
        await SchemaMigrator.ForEngine(services.Pg).MigrateAsync(CancellationToken.None);
        await using var delete = services.Pg.CreateCommand("DELETE FROM engine.snapshots WHERE partition < 1000");
        await delete.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _anonymous.Dispose();
        await _ingress.DisposeAsync();
        await _projector.DisposeAsync();
        await _wallet.DisposeAsync();
        await _engine.DisposeAsync();
    }

    /// <summary>The sessions on sale and the buyers funded, once the ingress is ready.</summary>
    private async Task PrepareAsync()
    {
        await WaitUntilIngressReadyAsync();
        foreach (var session in _sessions)
        {
            await JourneyApi.CreateSessionAsync(_ingress, session, Rows, SeatsPerRow, holdTimeoutSeconds: 600, maxSeatsPerBuyer: 100);
        }

        for (var i = 0; i < BuyerCount; i++)
        {
            var buyerId = _buyers.Next();
            using var purse = _wallet.Client(buyerId);
            await purse.FundAsync(1_000_000);
            _clients[buyerId] = _ingress.Client(buyerId);
        }
    }

    /// <summary>Orders one random seat of a random session as a random buyer, again and again, recording each answer.</summary>
    private async Task SendOrdersAsync(Random random, Stopwatch clock, ConcurrentQueue<DropAnswer> answers, CancellationToken stop)
    {
        var buyers = _clients.Keys.ToArray();
        while (!stop.IsCancellationRequested)
        {
            var buyer = buyers[random.Next(buyers.Length)];
            var session = _sessions[random.Next(_sessions.Length)];
            var sent = clock.Elapsed;
            using var response = await IngressInstance.OrderAsync(_clients[buyer], session, Guid.NewGuid().ToString(), new { seats = new[] { random.Next(Rows * SeatsPerRow) } });
            var answered = clock.Elapsed;
            Guid? order = response.StatusCode == HttpStatusCode.Accepted
                ? (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None)).GetProperty("orderId").GetGuid()
                : null;
            answers.Enqueue(new DropAnswer(sent, answered, response.StatusCode, response.Headers.RetryAfter is not null, buyer, order));
        }
    }

    private async Task SampleReadinessAsync(Stopwatch clock, ConcurrentQueue<ReadinessSample> samples, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            samples.Enqueue(new ReadinessSample(clock.Elapsed, await IsIngressReadyAsync()));
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }

    /// <summary>Each order's status once final (long-polled), or the last one read when the bound passed.</summary>
    private async Task<Dictionary<Guid, string>> FinalStatusesAsync(IReadOnlyList<(long Buyer, Guid Order)> orders)
    {
        using var deadline = new CancellationTokenSource(DecidedWithin);
        var statuses = new ConcurrentDictionary<Guid, string>();
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (order, _) =>
        {
            var status = "unread";
            while (!FinalStatuses.Contains(status) && !deadline.IsCancellationRequested)
            {
                using var response = await _clients[order.Buyer].GetAsync($"/api/orders/{order.Order}?wait=5", CancellationToken.None);
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
        await using var count = _services.Pg.CreateCommand("SELECT count(*) FROM projections.orders WHERE order_id = ANY($1) AND status = ANY($2)");
        count.Parameters.AddWithValue(orders);
        count.Parameters.AddWithValue(FinalStatuses);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task<string?> ProjectedStatusAsync(Guid order)
    {
        await using var read = _services.Pg.CreateCommand("SELECT status FROM projections.orders WHERE order_id = $1");
        read.Parameters.AddWithValue(order);
        return (string?)await read.ExecuteScalarAsync();
    }

    private async Task<bool> IsIngressReadyAsync()
    {
        try
        {
            using var response = await _anonymous.GetAsync("/health/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
