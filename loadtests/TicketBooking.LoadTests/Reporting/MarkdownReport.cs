using System.Globalization;
using System.Text;

namespace TicketBooking.LoadTests.Reporting;

/// <summary>Renders a <see cref="RunReport"/> as Markdown: a summary table, then each step's details.</summary>
public static class MarkdownReport
{
    /// <summary>The Markdown text.</summary>
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"# Load test: {report.Scenario} ({report.Command})");
        text.AppendLine();
        text.AppendLine(invariant, $"- target: {report.Description}");
        text.AppendLine(invariant, $"- started: {report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC");
        text.AppendLine(invariant, $"- machine: {report.Machine.ProcessorCount} cores, {report.Machine.Os}, {report.Machine.Runtime}");
        var settings = report.Settings;
        text.AppendLine(invariant, $"- settings: max in flight {settings.MaxInFlight}, connections per server {settings.MaxConnectionsPerServer}, request timeout {settings.RequestTimeoutSeconds} s, late after {settings.LateAfterMs} ms, seed {settings.Seed}");
        if (report.Ramp is { } ramp)
        {
            text.AppendLine(invariant, $"- ramp limits: p99 <= {ramp.P99LimitMs} ms, error rate <= {ReportFormat.Percent(ramp.ErrorRateLimit)}");
            text.AppendLine(invariant, $"- **highest rate that held: {(ramp.HighestPassingRate is { } rate ? ReportFormat.Rate(rate) + "/s" : "none")}**{(ramp.StopReason is null ? " (every step held)" : $"; stopped at {ramp.StopReason}")}");
        }

        text.AppendLine();
        text.AppendLine("Latency is measured from each request's scheduled start (open model), over 2xx answers; \"dropped\" includes requests abandoned in flight.");
        text.AppendLine();
        AppendTable(text, ReportFormat.StepColumns, report.Steps.Select(ReportFormat.StepRow));
        foreach (var step in report.Steps)
        {
            text.AppendLine();
            text.AppendLine(invariant, $"## Step {step.Number}: {ReportFormat.Rate(step.OfferedRate)}/s for {step.DurationSeconds} s after {step.WarmupSeconds} s warm-up");
            text.AppendLine();
            if (step.Verdict is { } verdict)
            {
                text.AppendLine(invariant, $"- verdict: {(verdict.Passed ? "held" : "failed: " + verdict.Reason)}");
            }

            text.AppendLine(invariant, $"- requests: {ReportFormat.Number(step.Scheduled)} scheduled, {ReportFormat.Number(step.Started)} started, {ReportFormat.Number(step.Ok)} ok, {ReportFormat.Number(step.Failed)} failed, {ReportFormat.Number(step.Dropped)} dropped (in-flight cap), {ReportFormat.Number(step.Unfinished)} unfinished");
            text.AppendLine(invariant, $"- error rate: {ReportFormat.Percent(step.ErrorRate)}");
            text.AppendLine(invariant, $"- late starts: {ReportFormat.Number(step.LateStarts)}; start lag p50 {ReportFormat.Ms(step.StartLag?.P50)} ms, p99 {ReportFormat.Ms(step.StartLag?.P99)} ms, max {ReportFormat.Ms(step.StartLag?.Max)} ms");
            text.AppendLine(invariant, $"- status codes: {ReportFormat.Counts(step.StatusCodes)}");
            text.AppendLine(invariant, $"- transport errors: {ReportFormat.Counts(step.Errors)}");
            if (step.Outcomes.Count > 0)
            {
                text.AppendLine(invariant, $"- follow-up outcomes: {ReportFormat.Counts(step.Outcomes)}");
            }

            if (step.TimeToDecision is { } decision)
            {
                text.AppendLine();
                AppendTable(
                    text,
                    ["time to decision", "count", "p50 ms", "p75 ms", "p95 ms", "p99 ms", "p99.9 ms", "max ms", "mean ms"],
                    [
                        Row("scheduled start -> final status", decision),
                        .. step.TimeToOutcome.Select(pair => Row($"... -> {pair.Key}", pair.Value)),
                    ]);
            }
        }

        return text.ToString();
    }

    private static string[] Row(string label, LatencySummary summary) =>
        [label, ReportFormat.Number(summary.Count), ReportFormat.Ms(summary.P50), ReportFormat.Ms(summary.P75), ReportFormat.Ms(summary.P95), ReportFormat.Ms(summary.P99), ReportFormat.Ms(summary.P999), ReportFormat.Ms(summary.Max), ReportFormat.Ms(summary.Mean)];

    private static void AppendTable(StringBuilder text, IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        text.Append("| ").AppendJoin(" | ", header).AppendLine(" |");
        text.Append('|').AppendJoin('|', header.Select((_, i) => i == 0 ? "---" : "---:")).AppendLine("|");
        foreach (var row in rows)
        {
            text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }
    }
}
