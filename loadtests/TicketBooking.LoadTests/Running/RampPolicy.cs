using TicketBooking.LoadTests.Reporting;

namespace TicketBooking.LoadTests.Running;

/// <summary>
/// When a ramp stops: at the first step whose p99 latency exceeds <see cref="P99Limit"/> or whose
/// error rate (failed, dropped and unfinished over scheduled) exceeds <see cref="ErrorRateLimit"/>.
/// A step without a single successful answer fails.
/// </summary>
public sealed record RampPolicy(TimeSpan P99Limit, double ErrorRateLimit)
{
    /// <summary>Judges one step.</summary>
    public StepVerdict Evaluate(StepReport step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Latency is null)
        {
            return new StepVerdict(false, "no successful answers");
        }

        if (step.ErrorRate > ErrorRateLimit)
        {
            return new StepVerdict(false, $"error rate {ReportFormat.Percent(step.ErrorRate)} > {ReportFormat.Percent(ErrorRateLimit)}");
        }

        double limitMs = P99Limit.TotalMilliseconds;
        if (step.Latency.P99 > limitMs)
        {
            return new StepVerdict(false, $"p99 {step.Latency.P99:0.###} ms > {limitMs:0.###} ms");
        }

        return StepVerdict.Pass;
    }
}

/// <summary>Runs steps of increasing rate until one fails its <see cref="RampPolicy"/>.</summary>
public static class Ramp
{
    /// <summary>
    /// Runs <paramref name="rates"/> in order through <paramref name="runStep"/> (which gets the
    /// step's number from 1 and its rate), stops after the first failing step, and returns every
    /// step run, each with its verdict, and the highest rate that held (null when none did).
    /// </summary>
    public static async Task<RampResult> RunAsync(IReadOnlyList<double> rates, RampPolicy policy, Func<int, double, Task<StepReport>> runStep)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(runStep);
        var steps = new List<StepReport>();
        double? highestPassing = null;
        string? stopReason = null;
        for (int i = 0; i < rates.Count; i++)
        {
            var report = await runStep(i + 1, rates[i]).ConfigureAwait(false);
            var verdict = policy.Evaluate(report);
            steps.Add(report with { Verdict = verdict });
            if (!verdict.Passed)
            {
                stopReason = $"step {i + 1} ({rates[i]:0.###}/s): {verdict.Reason}";
                break;
            }

            highestPassing = Math.Max(highestPassing ?? 0, rates[i]);
        }

        return new RampResult(steps, highestPassing, stopReason);
    }
}

/// <summary>The steps a ramp ran, the highest rate that held, and why it stopped (null when every step held).</summary>
public sealed record RampResult(IReadOnlyList<StepReport> Steps, double? HighestPassingRate, string? StopReason);
