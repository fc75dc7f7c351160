using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
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

/// <summary>Adds <see cref="DecisionsPerSecondColumn"/> and the median to a benchmark class.</summary>
public sealed class DecisionsPerSecondConfig : ManualConfig
{
    public DecisionsPerSecondConfig()
    {
        AddColumn(StatisticColumn.Median, new DecisionsPerSecondColumn());
    }
}
