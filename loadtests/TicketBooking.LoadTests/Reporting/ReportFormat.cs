using System.Globalization;

namespace TicketBooking.LoadTests.Reporting;

/// <summary>The columns of the step table, shared by the Markdown and console renderings.</summary>
internal static class ReportFormat
{
    public static readonly string[] StepColumns =
    [
        "step", "offered/s", "achieved/s", "scheduled", "ok", "failed", "dropped", "late",
        "p50 ms", "p75 ms", "p95 ms", "p99 ms", "p99.9 ms", "max ms", "mean ms",
    ];

    public static string[] StepRow(StepReport step)
    {
        var latency = step.Latency;
        return
        [
            step.Verdict is null ? Number(step.Number) : $"{step.Number} {(step.Verdict.Passed ? "pass" : "FAIL")}",
            Rate(step.OfferedRate),
            Rate(step.AchievedRate),
            Number(step.Scheduled),
            Number(step.Ok),
            Number(step.Failed),
            Number(step.Dropped + step.Unfinished),
            Number(step.LateStarts),
            Ms(latency?.P50),
            Ms(latency?.P75),
            Ms(latency?.P95),
            Ms(latency?.P99),
            Ms(latency?.P999),
            Ms(latency?.Max),
            Ms(latency?.Mean),
        ];
    }

    public static string Percent(double ratio) => (ratio * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Rate(double value) => value.ToString(value >= 100 ? "N0" : "0.#", CultureInfo.InvariantCulture);

    public static string Ms(double? value) => value is { } ms ? ms.ToString(ms >= 100 ? "0" : ms >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) : "-";

    public static string Counts<TKey>(IReadOnlyDictionary<TKey, long> counts)
        where TKey : notnull =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(pair => $"{pair.Key}: {Number(pair.Value)}"));
}
