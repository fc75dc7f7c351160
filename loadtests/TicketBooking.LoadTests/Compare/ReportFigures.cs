using TicketBooking.LoadTests.Reporting;

namespace TicketBooking.LoadTests.Compare;

/// <summary>The figures of the generator's <c>report.json</c> (its last step: the measured one of a <c>run</c>).</summary>
public static class ReportFigures
{
    public static SystemFigures From(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var step = report.Steps.Count > 0 ? report.Steps[^1] : throw new FormatException("The report has no step.");
        long answered = step.StatusCodes.Values.Sum();
        return new SystemFigures(
            Source: $"generator {report.Command} (open loop, {ReportFormat.Rate(step.OfferedRate)}/s offered)",
            AnsweredPerSecond: step.DurationSeconds > 0 ? Math.Round(answered / step.DurationSeconds, 1) : 0,
            SucceededPerSecond: step.AchievedRate,
            LatencyP50: step.Latency?.P50,
            LatencyP99: step.Latency?.P99,
            DecisionP50: step.TimeToDecision?.P50,
            DecisionP99: step.TimeToDecision?.P99,
            StatusCodes: new SortedDictionary<string, long>(step.StatusCodes.ToDictionary(), StringComparer.Ordinal),
            TransportErrors: step.Errors.Values.Sum() + step.Dropped + step.Unfinished);
    }
}
