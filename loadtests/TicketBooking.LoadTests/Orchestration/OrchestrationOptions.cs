namespace TicketBooking.LoadTests.Orchestration;

/// <summary>
/// What one whole local load test (<c>./tb load</c>, the <c>orchestrate</c> command) does, with the defaults that
/// <c>--quick</c> and <c>--compare</c> imply already applied (<see cref="OrchestrationArguments.Parse"/>).
/// Durations and rates stay as written, since they are handed on to the generator and wrk and quoted in titles.
/// </summary>
public sealed record OrchestrationOptions
{
    /// <summary>hot-drop, spread, ramp or queue (with <see cref="Compare"/> it names nothing: compare runs both).</summary>
    public string Scenario { get; init; } = "hot-drop";

    public string Rate { get; init; } = "2000";

    public string Duration { get; init; } = "60s";

    public string Warmup { get; init; } = "5s";

    public string Rates { get; init; } = "1000,2000,3000,4000,5000";

    public string P99Limit { get; init; } = "500ms";

    public required int Seed { get; init; }

    public int Buyers { get; init; } = 5000;

    public string PollInterval { get; init; } = "250ms";

    public string LongPoll { get; init; } = "10s";

    public bool Quick { get; init; }

    /// <summary>wrk-crosscheck.sh against two GET endpoints instead of the generator.</summary>
    public bool Wrk { get; init; }

    /// <summary>TicketBooking against the conventional service.</summary>
    public bool Compare { get; init; }

    /// <summary>wrk's duration of each hot drop of <see cref="Compare"/>.</summary>
    public string WrkDuration { get; init; } = "30s";

    public int IngressPort { get; init; } = 5180;

    public int EnginePort { get; init; } = 5080;

    public int WalletPort { get; init; } = 5280;

    public int ProjectionsPort { get; init; } = 5380;

    public int ConventionalPort { get; init; } = 5480;

    /// <summary>The commit whose services run (exported with git archive); null: the working tree's.</summary>
    public string? Ref { get; init; }

    /// <summary>Engine hosts, ingresses and wallets: 1, 2 or 4.</summary>
    public int Scale { get; init; } = 1;

    /// <summary>NAME=PID (or NAME=tree:PID) of the shared services for the CPU table, as ./tb passes them.</summary>
    public IReadOnlyList<string> CpuProcesses { get; init; } = [];

    public bool Help { get; init; }

    /// <summary>The queue scenario's settings; null for the other scenarios.</summary>
    public QueueLoad? Queue { get; init; }

    /// <summary>The name the report folder ends in: the scenario, or compare.</summary>
    public string RunName => Compare ? "compare" : Scenario;

    /// <summary>wrk's duration of each endpoint with <see cref="Wrk"/> (fixed, unlike <see cref="WrkDuration"/>).</summary>
    public string CrosscheckDuration => Quick ? "5s" : "20s";

    /// <summary>The report folder's name for a run started at <paramref name="startedAt"/>: <c>20260102-030405-hot-drop-quick</c>.</summary>
    public string ReportFolderName(DateTimeOffset startedAt) =>
        startedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + RunName
        + (Quick ? "-quick" : "") + (Wrk ? "-wrk" : "");
}

/// <summary>What <c>./tb load --scenario queue</c> hands on to the load tool's <c>queue</c> command.</summary>
public sealed record QueueLoad
{
    public int Visitors { get; init; } = 100_000;

    public int LateVisitors { get; init; } = 200;

    public int JoinConcurrency { get; init; } = 64;

    public int Followers { get; init; } = 2000;

    public int BuyEvery { get; init; } = 100;

    public int AdmitPerMinute { get; init; } = 60_000;
}
