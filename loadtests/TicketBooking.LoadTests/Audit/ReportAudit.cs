using System.Globalization;
using TicketBooking.LoadTests.Reporting;
using TicketBooking.LoadTests.Scenarios;

namespace TicketBooking.LoadTests.Audit;

/// <summary>One check of an audit: passed or not, and what it says.</summary>
public sealed record AuditCheck(bool Passed, string Text)
{
    /// <summary><c>PASS text</c> or <c>FAIL text</c>.</summary>
    public override string ToString() => $"{(Passed ? "PASS" : "FAIL")} {Text}";
}

/// <summary>
/// Checks a post-json run with a follow-up: in every step each accepted (2xx) request reached a
/// decision. That is: follow-up outcomes add up to the 2xx answers, none is <c>deadline</c> or
/// <c>no location</c>, and nothing was left unfinished. Warm-up requests are not recorded, so not checked.
/// </summary>
public static class ReportAudit
{
    /// <summary>One check per step, plus one when the run had no follow-ups at all.</summary>
    public static IReadOnlyList<AuditCheck> Check(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var checks = new List<AuditCheck>();
        if (report.Steps.Count == 0)
        {
            checks.Add(new AuditCheck(false, "the report has no steps"));
            return checks;
        }

        foreach (var step in report.Steps)
        {
            long decided = step.Outcomes.Where(pair => !IsUndecided(pair.Key)).Sum(pair => pair.Value);
            long undecided = step.Outcomes.Where(pair => IsUndecided(pair.Key)).Sum(pair => pair.Value);
            long followed = decided + undecided;
            var problems = new List<string>();
            if (undecided > 0)
            {
                problems.Add(string.Join(", ", step.Outcomes.Where(pair => IsUndecided(pair.Key)).Select(pair => Invariant($"{pair.Value} {pair.Key}"))));
            }

            if (followed != step.Ok)
            {
                problems.Add(Invariant($"{followed} follow-ups for {step.Ok} accepted"));
            }

            if (step.Unfinished > 0)
            {
                problems.Add(Invariant($"{step.Unfinished} unfinished"));
            }

            var outcomes = step.Outcomes.Count == 0 ? "no outcomes" : string.Join(", ", step.Outcomes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => Invariant($"{pair.Key} {pair.Value}")));
            var text = Invariant($"step {step.Number} ({ReportFormat.Rate(step.OfferedRate)}/s): {decided} of {step.Ok} accepted requests reached a decision ({outcomes})");
            checks.Add(problems.Count == 0 ? new AuditCheck(true, text) : new AuditCheck(false, $"{text}: {string.Join("; ", problems)}"));
        }

        return checks;
    }

    private static bool IsUndecided(string outcome) =>
        outcome is PollUntilFinal.DeadlineOutcome or PollUntilFinal.NoLocationOutcome;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
