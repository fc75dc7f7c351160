using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using TicketBooking.LoadTests.Cli;
using TicketBooking.LoadTests.Drop;
using TicketBooking.LoadTests.Reporting;

namespace TicketBooking.LoadTests.Orchestration;

/// <summary>Runs one of the load tool's own commands (run, ramp, fund, tokens, compare) in this process; returns its exit code.</summary>
public delegate Task<int> LoadToolCommand(IReadOnlyList<string> arguments, CancellationToken cancellationToken);

/// <summary>
/// The <c>orchestrate</c> command behind <c>./tb load</c> (which has started nats-server and PostgreSQL and exported
/// their environment): builds the services, starts its own engine hosts, ingresses, wallets and projections worker
/// (and the conventional service with --compare), opens fresh sessions for fresh funded buyers, runs the load, audits
/// it, writes the report folder and stops exactly the processes it started.
/// </summary>
internal sealed class LoadOrchestrator
{
    public const string CommandName = "orchestrate";
    public const string IdempotencyHeader = "Idempotency-Key: {{uuid}}";

    private const int Passed = 0;
    private const int Failed = 1;
    private const int BadUsage = 2;
    private const int StartFailed = 3;
    private const int Interrupted = 130;
    private const string FinalStatuses = "confirmed,rejected,released,expired,cancelled";
    private static readonly JsonSerializerOptions DropJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly OrchestrationOptions _options;
    private readonly string _root;
    private readonly LoadToolCommand _tool;

    private LoadOrchestrator(OrchestrationOptions options, string root, LoadToolCommand tool)
    {
        _options = options;
        _root = root;
        _tool = tool;
    }

    /// <summary>0 when every audit passed, 1 when one failed, 2 on bad usage, 3 when the services could not be set up, 130 when interrupted.</summary>
    public static async Task<int> MainAsync(IReadOnlyList<string> arguments, LoadToolCommand tool)
    {
        OrchestrationOptions options;
        try
        {
            options = OrchestrationArguments.Parse(arguments, (int)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        }
        catch (FormatException error)
        {
            OrchestrationLog.Error(error.Message.TrimEnd('.'));
            return BadUsage;
        }

        if (options.Help)
        {
            Console.WriteLine(OrchestrationUsage.Text);
            return Passed;
        }

        if (ReportFiles.FindRepositoryRoot(Directory.GetCurrentDirectory()) is not { } root)
        {
            OrchestrationLog.Error("run it inside the repository (./tb load does)");
            return BadUsage;
        }

        using var interrupted = new CancellationTokenSource();
        void Interrupt(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupted.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        try
        {
            return await new LoadOrchestrator(options, root, tool).RunAsync(interrupted.Token).ConfigureAwait(false);
        }
        catch (OrchestrationException error)
        {
            OrchestrationLog.Error(error.Message);
            return StartFailed;
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            OrchestrationLog.Info("interrupted; the services it started are stopped");
            return Interrupted;
        }
    }

    /// <summary>The order body template the load sends.</summary>
    public static string OrderTemplate(string workingTree) => Path.Combine(workingTree, "loadtests", "TicketBooking.LoadTests", "templates", "hot-drop-order.json");

    /// <summary>A token of one of the run's buyers per request.</summary>
    public static string BearerHeader(long firstBuyer, long lastBuyer) => string.Create(CultureInfo.InvariantCulture, $"Authorization: {{{{bearer:{firstBuyer}:{lastBuyer}}}}}");

    private async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var options = _options;
        if (options.Compare && !OnPath("wrk"))
        {
            throw new OrchestrationException("--compare needs wrk: apt-get install -y wrk");
        }

        var runDirectory = Path.Combine(_root, ".run");
        Directory.CreateDirectory(runDirectory);
        var (sourceRoot, servicesName) = await ServiceSources.ResolveAsync(_root, options.Ref, cancellationToken).ConfigureAwait(false);
        var plan = ServicePlan.For(options, sourceRoot, _root);
        foreach (var port in plan.Ports)
        {
            if (await TargetProbe.CheckAsync(new Uri($"http://127.0.0.1:{port}"), TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false) is null)
            {
                throw new OrchestrationException($"port {port} is taken (another ./tb run or ingress?); pick --ingress-port/--engine-port");
            }
        }

        await ServiceSources.BuildAsync(plan.Projects, _root, cancellationToken).ConfigureAwait(false);
        var folder = Path.Combine(_root, "loadtests", "reports", options.ReportFolderName(DateTimeOffset.UtcNow));
        Directory.CreateDirectory(folder);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var services = new ServiceGroup(_root, runDirectory);
        await using var stopsServices = services.ConfigureAwait(false);
        foreach (var spec in plan.Services)
        {
            services.Start(spec, folder);
        }

        var (engine, ingress, wallet, projections) = (plan.Of("engine").First(), plan.Of("ingress").First(), plan.Of("wallet").First(), plan.Of("projections").Single());
        var more = options.Scale == 1 ? "" : $" (and {options.Scale - 1} more of each but the projections)";
        OrchestrationLog.Info($"engine host pid {services[engine].Pid}, ingress pid {services[ingress].Pid}, wallet pid {services[wallet].Pid}, projections pid {services[projections].Pid}{more}; logs in {Path.GetRelativePath(_root, folder)}");
        await services.WaitReadyAsync(plan.Services, client, cancellationToken).ConfigureAwait(false);
        if (plan.Conventional is { } conventional)
        {
            services.Start(conventional, folder);
            await services.WaitReadyAsync([conventional], client, cancellationToken).ConfigureAwait(false);
        }

        // Buyers of their own per run: the money audit covers exactly them (tests that recreate the journal leave
        // other buyers' ledger entries behind on a shared database).
        long firstBuyer = DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 100_000, lastBuyer = firstBuyer + options.Buyers - 1;
        if (await _tool(["fund", "--wallet", wallet.Url, "--first-buyer", Text(firstBuyer), "--buyers", Text(options.Buyers), "--amount", "1000000"], cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new OrchestrationException("could not fund the buyers through the wallet API");
        }

        // --compare creates its own sessions on both systems, the queue its session with a waiting room.
        var drop = options.Compare || options.Queue is not null ? null : await OpenSessionsAsync(plan, folder, servicesName, client, cancellationToken).ConfigureAwait(false);
        var queueSession = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = TopSampler.RunAsync(Path.Combine(folder, "top.txt"), _root, sampling.Token);
        var wallets = plan.Of("wallet").ToList();
        await File.WriteAllLinesAsync(Path.Combine(folder, "wallet-metrics-before.txt"), await MetricsScrape.WalletLinesAsync(client, wallets, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var settling = Stopwatch.StartNew();
        int generator = options switch
        {
            { Compare: true } => await new CompareRun(options, _root, folder, _tool, client).RunAsync(ingress, plan.Conventional!, firstBuyer, lastBuyer, cancellationToken).ConfigureAwait(false),
            { Wrk: true } => await CrosscheckAsync(ingress, drop!, folder, cancellationToken).ConfigureAwait(false),
            { Queue: { } queue } => await QueueAsync(queue, ingress, queueSession, firstBuyer, folder, cancellationToken).ConfigureAwait(false),
            _ => await GenerateAsync(plan, services, drop!, firstBuyer, lastBuyer, folder, cancellationToken).ConfigureAwait(false),
        };
        bool passed = generator == 0;
        if (!passed)
        {
            OrchestrationLog.Info($"the load generator exited with {generator}");
        }

        await sampling.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        int settleSeconds = (int)settling.Elapsed.TotalSeconds;

        Console.WriteLine();
        Console.WriteLine($"== audit ({Path.GetRelativePath(_root, folder)})");
        var audits = new Audits(_root, folder, plan);
        if (!options.Wrk && options.Queue is null)
        {
            passed &= await audits.ReportAsync(options.Compare ? Path.Combine(folder, "spread-ticketbooking", "report.json") : Path.Combine(folder, "report.json"), cancellationToken).ConfigureAwait(false);
        }

        if (options.Queue is not null)
        {
            passed &= await audits.WaitingRoomAsync(queueSession, cancellationToken).ConfigureAwait(false);
        }

        passed &= await audits.VerifyAsync(cancellationToken).ConfigureAwait(false);
        passed &= await audits.MoneyAsync(firstBuyer, lastBuyer, cancellationToken).ConfigureAwait(false);
        await CostTableAsync(folder, cancellationToken).ConfigureAwait(false);

        var walletAfter = await MetricsScrape.WalletLinesAsync(client, wallets, cancellationToken).ConfigureAwait(false);
        await File.WriteAllLinesAsync(Path.Combine(folder, "wallet-metrics-after.txt"), walletAfter, cancellationToken).ConfigureAwait(false);
        var walletBefore = await File.ReadAllLinesAsync(Path.Combine(folder, "wallet-metrics-before.txt"), cancellationToken).ConfigureAwait(false);
        await PrintAsync(MetricsSummaries.Settlement(walletBefore, walletAfter, settleSeconds), Path.Combine(folder, "settlement.txt"), cancellationToken).ConfigureAwait(false);
        var projectionLines = MetricsSummaries.ProjectionsLines(await MetricsScrape.TextAsync(client, projections, cancellationToken).ConfigureAwait(false)).ToList();
        await File.WriteAllLinesAsync(Path.Combine(folder, "projections-metrics.txt"), projectionLines, cancellationToken).ConfigureAwait(false);
        await PrintAsync(MetricsSummaries.Projections(projectionLines), Path.Combine(folder, "projections.txt"), cancellationToken).ConfigureAwait(false);
        Console.WriteLine(passed ? "PASS load test" : "FAIL load test");
        return passed ? Passed : Failed;
    }

    /// <summary>
    /// The sessions of the generator's scenarios: hot drop and ramp get two (the first takes the warm-up, the second
    /// the measured load, which a warm-up would sell out), the spread 1,000 small ones. Writes drop.json.
    /// </summary>
    private async Task<OpenedSessions> OpenSessionsAsync(ServicePlan plan, string folder, string servicesName, HttpClient client, CancellationToken cancellationToken)
    {
        var ingress = plan.Of("ingress").First();
        var (count, rows, seats) = _options.Scenario == "spread" ? (1000, 10, 20) : (2, 100, 200);
        var drop = await SessionsOnSale.OpenAsync(new Uri(ingress.Url), count, rows, seats, null, cancellationToken).ConfigureAwait(false)
            ?? throw new OrchestrationException("could not create the sessions through the ingress admin API");
        var url = drop.OrdersUrlTemplate(new Uri(ingress.Url));
        var warmupUrl = url;
        if (_options.Scenario is "hot-drop" or "ramp")
        {
            url = string.Create(CultureInfo.InvariantCulture, $"{ingress.Url}/api/sessions/{drop.LastSessionId}/orders");
            warmupUrl = string.Create(CultureInfo.InvariantCulture, $"{ingress.Url}/api/sessions/{drop.FirstSessionId}/orders");
        }

        foreach (var session in new[] { drop.FirstSessionId, drop.LastSessionId })
        {
            await WaitServedAsync(plan, session, client, cancellationToken).ConfigureAwait(false);
        }

        var sessions = new OpenedSessions(drop, plan.SpreadOverIngresses(url), plan.SpreadOverIngresses(warmupUrl));
        var json = JsonSerializer.Serialize(new { firstSessionId = drop.FirstSessionId, lastSessionId = drop.LastSessionId, ordersUrl = sessions.OrdersUrl, seed = _options.Seed, services = servicesName }, DropJson);
        await File.WriteAllTextAsync(Path.Combine(folder, "drop.json"), json + "\n", cancellationToken).ConfigureAwait(false);
        return sessions;
    }

    /// <summary>
    /// Until every ingress after the first serves <paramref name="session"/>: each reads the catalog on its own clock
    /// (Ingress:CatalogRefreshInterval), and an order for a session it does not know yet would be a 404.
    /// </summary>
    private static async Task WaitServedAsync(ServicePlan plan, long session, HttpClient client, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        foreach (var (ingress, index) in plan.Of("ingress").Select((ingress, index) => (ingress, index + 1)).Skip(1))
        {
            var availability = new Uri(string.Create(CultureInfo.InvariantCulture, $"{ingress.Url}/api/sessions/{session}/availability"));
            while (await RunningService.StatusAsync(client, availability, cancellationToken).ConfigureAwait(false) != HttpStatusCode.OK)
            {
                if (waited.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new OrchestrationException($"ingress {index} on port {ingress.Port} does not serve session {session} within 30s");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The generator's run (with the CPU of every process over it) or ramp; its exit code.</summary>
    private async Task<int> GenerateAsync(ServicePlan plan, ServiceGroup services, OpenedSessions sessions, long firstBuyer, long lastBuyer, string folder, CancellationToken cancellationToken)
    {
        var options = _options;
        List<string> common =
        [
            "--scenario", "post-json", "--url", sessions.OrdersUrl, "--warmup-url", sessions.WarmupUrl, "--template", OrderTemplate(_root),
            "--header", BearerHeader(firstBuyer, lastBuyer), "--header", IdempotencyHeader,
            "--poll-location", "--poll-interval", options.PollInterval, "--long-poll", options.LongPoll, "--final-statuses", FinalStatuses,
            "--warmup", options.Warmup, "--duration", options.Duration, "--seed", Text(options.Seed), "--out", folder,
        ];
        if (options.Scenario == "ramp")
        {
            OrchestrationLog.Info($"ramp at {options.Rates}/s, {options.Warmup} warm-up + {options.Duration} each, p99 limit {options.P99Limit}, seed {options.Seed}");
            var code = await _tool(["ramp", .. common, "--rates", options.Rates, "--p99-limit", options.P99Limit], cancellationToken).ConfigureAwait(false);
            return code == 1 ? 0 : code; // 1: no step held, still a completed run to audit
        }

        OrchestrationLog.Info($"{options.Scenario} at {options.Rate}/s, {options.Warmup} warm-up + {options.Duration}, seed {options.Seed}");
        var processes = plan.Services.Where(spec => spec.CpuName is not null).Select(spec => $"{spec.CpuName}={services[spec].Pid}").Concat(options.CpuProcesses).ToList();
        var cpu = new CpuCost(_root, processes);
        await cpu.BeforeAsync(Path.Combine(folder, "cpu-before.txt"), cancellationToken).ConfigureAwait(false);
        var generated = await _tool(["run", .. common, "--rate", options.Rate], cancellationToken).ConfigureAwait(false);
        await cpu.AfterAsync(Path.Combine(folder, "cpu-after.txt"), Path.Combine(folder, "generator-cpu.txt"), cancellationToken).ConfigureAwait(false);
        return generated;
    }

    /// <summary>
    /// --scenario queue: the load tool's queue command against the ingress, its visitors from the run's first buyer on
    /// (the followers, the first of them, are the funded buyers).
    /// </summary>
    private async Task<int> QueueAsync(QueueLoad queue, ServiceSpec ingress, long session, long firstBuyer, string folder, CancellationToken cancellationToken)
    {
        OrchestrationLog.Info($"queue: {queue.Visitors} visitors ({queue.JoinConcurrency} at once) + {queue.LateVisitors} late, {queue.Followers} followers, every {queue.BuyEvery}th buys, {queue.AdmitPerMinute}/min");
        return await _tool(
            [
                "queue", "--ingress", ingress.Url, "--session", Text(session), "--first-visitor", Text(firstBuyer),
                "--visitors", Text(queue.Visitors), "--late-visitors", Text(queue.LateVisitors), "--join-concurrency", Text(queue.JoinConcurrency),
                "--followers", Text(queue.Followers), "--buy-every", Text(queue.BuyEvery), "--admit-per-minute", Text(queue.AdmitPerMinute), "--out", folder,
            ],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>--wrk: wrk-crosscheck.sh against the availability of the first session and against /health/live.</summary>
    private async Task<int> CrosscheckAsync(ServiceSpec ingress, OpenedSessions sessions, string folder, CancellationToken cancellationToken)
    {
        var script = Path.Combine(_root, "loadtests", "wrk-crosscheck.sh");
        var availability = await ChildProcess.TeeAsync([script, string.Create(CultureInfo.InvariantCulture, $"{ingress.Url}/api/sessions/{sessions.Drop.FirstSessionId}/availability"), "50", _options.CrosscheckDuration], _root, Path.Combine(folder, "wrk-availability.txt"), cancellationToken).ConfigureAwait(false);
        var live = await ChildProcess.TeeAsync([script, ingress.Url + "/health/live", "50", _options.CrosscheckDuration], _root, Path.Combine(folder, "wrk-health-live.txt"), cancellationToken).ConfigureAwait(false);
        return live != 0 ? live : availability;
    }

    /// <summary>After a generator's run: CPU microseconds per accepted order of each process, into cost.md.</summary>
    private async Task CostTableAsync(string folder, CancellationToken cancellationToken)
    {
        var (before, after, report) = (Path.Combine(folder, "cpu-before.txt"), Path.Combine(folder, "cpu-after.txt"), Path.Combine(folder, "report.json"));
        if (!File.Exists(after) || !File.Exists(report))
        {
            return;
        }

        long accepted;
        try
        {
            accepted = CpuCost.AcceptedOrders(JsonReport.Parse(await File.ReadAllTextAsync(report, cancellationToken).ConfigureAwait(false)));
        }
        catch (JsonException)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine("== CPU per accepted order (loadtests/cpu-cost.sh, over the generator's run)");
        await new CpuCost(_root, []).TableAsync(before, after, accepted, Path.Combine(folder, "cost.md"), cancellationToken).ConfigureAwait(false);
    }

    private static async Task PrintAsync(string line, string file, CancellationToken cancellationToken)
    {
        Console.WriteLine(line);
        await File.WriteAllTextAsync(file, line + "\n", cancellationToken).ConfigureAwait(false);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(directory => File.Exists(Path.Combine(directory, program)));

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The sessions a generator's scenario runs against, and its URLs (each with a pick of the ingresses when there are several).</summary>
    private sealed record OpenedSessions(DropPlan Drop, string OrdersUrl, string WarmupUrl);
}
