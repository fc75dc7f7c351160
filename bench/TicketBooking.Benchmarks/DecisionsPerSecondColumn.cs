using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace TicketBooking.Benchmarks;

/// <summary>
/// Decisions per second on one core, from the median time per operation: each operation of the engine
/// benchmarks is one command answered by one decision (or one expiry).
/// </summary>
public sealed class DecisionsPerSecondColumn : IColumn
{
    public string Id => nameof(DecisionsPerSecondColumn);

    public string ColumnName => "Decisions/s (median)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Decisions per second on one core: 1 s / median time per decision";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        return statistics is null || statistics.Median <= 0
            ? "-"
            : (1e9 / statistics.Median / 1e6).ToString("0.00 'M'", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>
/// The engine benchmarks' settings: the median, the minimum (the iteration least disturbed by other work on a
/// shared machine) and <see cref="DecisionsPerSecondColumn"/>; and the JIT's optimized code from the start.
/// With tiered compilation, iterations of one invocation each (the engine is rebuilt before every one) kept
/// running slower code however long the warm-up (measured: single-seat holds 534 ns per decision after 80
/// warm-up iterations, against 180-190 ns with tiered compilation or its dynamic PGO off, same binary), while
/// a partition that runs for hours does reach optimized code.
/// </summary>
public sealed class EngineBenchmarkConfig : ManualConfig
{
    public EngineBenchmarkConfig()
    {
        AddColumn(StatisticColumn.Median, StatisticColumn.Min, new DecisionsPerSecondColumn());
        AddJob(Job.Default.WithEnvironmentVariables(new EnvironmentVariable("DOTNET_TieredCompilation", "0")).AsMutator());
    }
}
