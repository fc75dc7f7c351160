using System.Globalization;
using TicketBooking.LoadTests.Running;

namespace TicketBooking.LoadTests.Reporting;

/// <summary>
/// The figures of one step, all about requests scheduled after the warm-up:
/// <c>Scheduled = Ok + Failed + Dropped + Unfinished</c>.
/// </summary>
public sealed record StepReport
{
    /// <summary>Position of the step in the run, from 1.</summary>
    public required int Number { get; init; }

    /// <summary>Offered arrival rate, requests per second.</summary>
    public required double OfferedRate { get; init; }

    /// <summary>Successful (2xx) answers per second of measured duration.</summary>
    public required double AchievedRate { get; init; }

    /// <summary>Warm-up, seconds (sent, not recorded).</summary>
    public required double WarmupSeconds { get; init; }

    /// <summary>Warm-up requests answered 2xx: not measured, but work the target did (cost per order counts them).</summary>
    public long WarmupAccepted { get; init; }

    /// <summary>Measured duration, seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>Requests scheduled in the measured duration.</summary>
    public required long Scheduled { get; init; }

    /// <summary>Requests sent.</summary>
    public required long Started { get; init; }

    /// <summary>2xx answers.</summary>
    public required long Ok { get; init; }

    /// <summary>Other answers and transport errors.</summary>
    public required long Failed { get; init; }

    /// <summary>Not sent: the in-flight cap was reached when they were due.</summary>
    public required long Dropped { get; init; }

    /// <summary>Still in flight when the step gave up waiting.</summary>
    public required long Unfinished { get; init; }

    /// <summary>Sent more than the late threshold after their scheduled time.</summary>
    public required long LateStarts { get; init; }

    /// <summary>How late requests were sent after their scheduled start (the generator's own lag); null when none was sent.</summary>
    public required LatencySummary? StartLag { get; init; }

    /// <summary>(Failed + Dropped + Unfinished) / Scheduled.</summary>
    public required double ErrorRate { get; init; }

    /// <summary>Answers per HTTP status code.</summary>
    public required IReadOnlyDictionary<string, long> StatusCodes { get; init; }

    /// <summary>Requests without an HTTP answer, per kind.</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    /// <summary>Latency of 2xx answers from the scheduled start; null when there were none.</summary>
    public required LatencySummary? Latency { get; init; }

    /// <summary>Follow-up outcomes per label; empty without a follow-up.</summary>
    public required IReadOnlyDictionary<string, long> Outcomes { get; init; }

    /// <summary>Scheduled start to decided outcome; null without decided follow-ups.</summary>
    public required LatencySummary? TimeToDecision { get; init; }

    /// <summary>Scheduled start to each decided outcome, by outcome label (such as time to confirmed); empty without a follow-up.</summary>
    public IReadOnlyDictionary<string, LatencySummary> TimeToOutcome { get; init; } = new Dictionary<string, LatencySummary>();

    /// <summary>Whether the step held under a ramp's limits; null outside ramps.</summary>
    public StepVerdict? Verdict { get; init; }

    /// <summary>The report of a finished step.</summary>
    public static StepReport Create(int number, StepMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        var recorder = measurement.Recorder;
        var step = measurement.Step;
        long scheduled = measurement.Scheduled;
        return new StepReport
        {
            Number = number,
            OfferedRate = step.Rate,
            AchievedRate = Math.Round(recorder.Ok / step.Duration.TotalSeconds, 1),
            WarmupSeconds = step.Warmup.TotalSeconds,
            WarmupAccepted = measurement.WarmupAccepted,
            DurationSeconds = step.Duration.TotalSeconds,
            Scheduled = scheduled,
            Started = recorder.Started,
            Ok = recorder.Ok,
            Failed = recorder.Failed,
            Dropped = recorder.Dropped,
            Unfinished = measurement.Unfinished,
            LateStarts = recorder.Late,
            StartLag = LatencySummary.FromMicroseconds(recorder.StartLag),
            ErrorRate = scheduled == 0 ? 0 : Math.Round((double)(scheduled - recorder.Ok) / scheduled, 6),
            StatusCodes = recorder.StatusCounts().ToDictionary(pair => pair.Key.ToString(CultureInfo.InvariantCulture), pair => pair.Value),
            Errors = recorder.ErrorCounts().ToDictionary(),
            Latency = LatencySummary.FromMicroseconds(recorder.Latency),
            Outcomes = recorder.OutcomeCounts().ToDictionary(),
            TimeToDecision = LatencySummary.FromMicroseconds(recorder.TimeToDecision),
            TimeToOutcome = recorder.TimeToOutcome()
                .Select(pair => (pair.Key, Summary: LatencySummary.FromMicroseconds(pair.Value)))
                .Where(pair => pair.Summary is not null)
                .ToDictionary(pair => pair.Key, pair => pair.Summary!),
        };
    }
}
