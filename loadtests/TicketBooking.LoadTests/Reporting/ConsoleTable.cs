namespace TicketBooking.LoadTests.Reporting;

/// <summary>The step table as aligned plain text for a terminal.</summary>
public static class ConsoleTable
{
    /// <summary>Writes the table, then the ramp's conclusion if any.</summary>
    public static void Write(RunReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var rows = report.Steps.Select(ReportFormat.StepRow).Prepend(ReportFormat.StepColumns).ToList();
        var widths = Enumerable.Range(0, ReportFormat.StepColumns.Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, column) => column == 0 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column]))));
        }

        foreach (var step in report.Steps.Where(step => step.TimeToDecision is not null))
        {
            var decision = step.TimeToDecision!;
            output.WriteLine($"step {step.Number} time to decision: p50 {ReportFormat.Ms(decision.P50)} ms, p99 {ReportFormat.Ms(decision.P99)} ms, max {ReportFormat.Ms(decision.Max)} ms; outcomes {ReportFormat.Counts(step.Outcomes)}");
            foreach (var (outcome, time) in step.TimeToOutcome)
            {
                output.WriteLine($"step {step.Number} time to {outcome}: p50 {ReportFormat.Ms(time.P50)} ms, p99 {ReportFormat.Ms(time.P99)} ms, max {ReportFormat.Ms(time.Max)} ms ({ReportFormat.Number(time.Count)})");
            }
        }

        foreach (var step in report.Steps.Where(step => step.Errors.Count > 0))
        {
            output.WriteLine($"step {step.Number} transport errors: {ReportFormat.Counts(step.Errors)}");
        }

        if (report.Ramp is { } ramp)
        {
            output.WriteLine(ramp.HighestPassingRate is { } rate
                ? $"highest rate that held: {ReportFormat.Rate(rate)}/s{(ramp.StopReason is null ? " (every step held)" : $"; stopped at {ramp.StopReason}")}"
                : $"no step held; stopped at {ramp.StopReason}");
        }
    }
}
