using HdrHistogram;
using TicketBooking.LoadTests.Reporting;
using TicketBooking.LoadTests.Running;

namespace TicketBooking.LoadTests.Tests;

public class ReportTests
{
    [Fact]
    public void Percentiles_come_from_the_histogram_in_milliseconds()
    {
        var histogram = new LongHistogram(1, StepRecorder.HighestTrackableMicroseconds, 3);
        for (long microseconds = 1; microseconds <= 1000; microseconds++)
        {
            histogram.RecordValue(microseconds);
        }

        var summary = LatencySummary.FromMicroseconds(histogram)!;

        Assert.Equal(1000, summary.Count);
        Assert.Equal(0.5, summary.P50);
        Assert.Equal(0.75, summary.P75);
        Assert.Equal(0.95, summary.P95);
        Assert.Equal(0.99, summary.P99);
        Assert.Equal(0.999, summary.P999);
        Assert.Equal(1.0, summary.Max);
        Assert.Equal(0.5005, summary.Mean, tolerance: 0.001);
        Assert.Null(LatencySummary.FromMicroseconds(new LongHistogram(1, 1000, 3)));
    }

    [Fact]
    public void The_recorder_clamps_to_the_histogram_range_and_counts_late_starts_and_statuses()
    {
        var recorder = new StepRecorder(TimeSpan.TicksPerSecond, TimeSpan.FromMilliseconds(5));
        recorder.RecordStart(TimeSpan.FromMilliseconds(5).Ticks);
        recorder.RecordStart(TimeSpan.FromMilliseconds(6).Ticks);
        recorder.RecordAnswer(200, TimeSpan.FromMinutes(5).Ticks);
        recorder.RecordAnswer(500, TimeSpan.FromMilliseconds(1).Ticks);

        Assert.Equal(2, recorder.Started);
        Assert.Equal(1, recorder.Late);
        Assert.Equal(1, recorder.Ok);
        Assert.Equal(1, recorder.Failed);
        Assert.Equal(1, recorder.Latency.TotalCount); // only 2xx answers are in the latency
        Assert.Equal(60_000.0, LatencySummary.FromMicroseconds(recorder.Latency)!.Max, tolerance: 60);
        Assert.Equal([new(200, 1L), new(500, 1L)], recorder.StatusCounts());
    }

    [Fact]
    public void A_step_report_adds_up_and_renders_as_markdown_and_json()
    {
        var report = SampleReport();
        var step = report.Steps[0];

        Assert.Equal(step.Scheduled, step.Ok + step.Failed + step.Dropped + step.Unfinished);
        Assert.Equal(0.01, step.ErrorRate, precision: 6);
        Assert.Equal(99, step.AchievedRate);

        var markdown = MarkdownReport.Render(report);

        // 10, 20, ..., 990 us: HdrHistogram takes the value at rank (int)(p% * count + 0.5), so p75 is the 74th.
        Assert.Contains("| step | offered/s | achieved/s | scheduled | ok | failed | dropped | late | p50 ms | p75 ms | p95 ms | p99 ms | p99.9 ms | max ms | mean ms |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 1 | 100 | 99 | 100 | 99 | 1 | 0 | 0 | 0.50 | 0.74 | 0.94 | 0.98 | 0.99 | 0.99 | 0.50 |", markdown, StringComparison.Ordinal);
        Assert.Contains("- status codes: 200: 99, 503: 1", markdown, StringComparison.Ordinal);
        Assert.Contains("- follow-up outcomes: confirmed: 90, rejected: 9", markdown, StringComparison.Ordinal);
        Assert.Contains("| scheduled start -> final status | 99 | 0.50 |", markdown, StringComparison.Ordinal);

        var json = JsonReport.Render(report);
        Assert.Contains("\"offeredRate\": 100", json, StringComparison.Ordinal);
        var parsed = JsonReport.Parse(json);
        Assert.Equal(step.Latency, parsed.Steps[0].Latency);
        Assert.Equal(step.TimeToDecision, parsed.Steps[0].TimeToDecision);
        Assert.Equal(step.StatusCodes, parsed.Steps[0].StatusCodes);
        Assert.Equal(report.Machine, parsed.Machine);
    }

    [Fact]
    public void The_console_table_aligns_columns_and_states_the_ramp_result()
    {
        var report = SampleReport() with { Ramp = new RampSummary(500, 0.01, 100, null) };
        using var output = new StringWriter();

        ConsoleTable.Write(report, output);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("step  offered/s  achieved/s", lines[0], StringComparison.Ordinal);
        Assert.Equal(lines[0].Length, lines[1].Length);
        Assert.Contains("highest rate that held: 100/s (every step held)", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Time_to_each_outcome_is_reported_beside_time_to_decision()
    {
        var step = SampleReport().Steps[0];

        Assert.Equal(99, step.TimeToDecision!.Count);
        Assert.Equal(["confirmed", "rejected"], step.TimeToOutcome.Keys.Order());
        Assert.Equal(90, step.TimeToOutcome["confirmed"].Count);
        Assert.Equal(0.9, step.TimeToOutcome["confirmed"].Max, 2);
        Assert.Contains("| ... -> confirmed | 90 |", MarkdownReport.Render(SampleReport()), StringComparison.Ordinal);
    }

    private static RunReport SampleReport()
    {
        var recorder = new StepRecorder(1_000_000, TimeSpan.FromMilliseconds(5));
        for (int i = 1; i <= 99; i++)
        {
            recorder.RecordStart(0);
            recorder.RecordAnswer(200, i * 10);
            recorder.RecordOutcome(i <= 90 ? "confirmed" : "rejected", decided: true, i * 10);
        }

        recorder.RecordStart(0);
        recorder.RecordAnswer(503, 1);
        var step = StepReport.Create(1, new StepMeasurement(new LoadStep(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), 100, recorder));
        return new RunReport
        {
            Command = "run",
            Scenario = "http-get",
            Description = "GET http://127.0.0.1:1/",
            StartedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Machine = new MachineInfo(2, "Linux", ".NET 10"),
            Settings = new RunSettings(10_000, 100, 10, 5, 42),
            Steps = [step],
        };
    }
}
