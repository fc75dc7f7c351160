using TicketBooking.LoadTests.Reporting;
using TicketBooking.LoadTests.Running;

namespace TicketBooking.LoadTests.Tests;

public class RampTests
{
    private static readonly RampPolicy Policy = new(TimeSpan.FromMilliseconds(500), 0.01);

    [Fact]
    public async Task The_ramp_stops_at_the_first_step_over_the_p99_limit_and_reports_the_highest_rate_that_held()
    {
        var p99s = new Dictionary<double, double> { [1000] = 20, [2000] = 480, [4000] = 650, [8000] = 10 };

        var result = await Ramp.RunAsync([1000, 2000, 4000, 8000], Policy, (number, rate) => Task.FromResult(Step(number, rate, p99s[rate], 0)));

        Assert.Equal([1000.0, 2000, 4000], result.Steps.Select(step => step.OfferedRate));
        Assert.Equal([true, true, false], result.Steps.Select(step => step.Verdict!.Passed));
        Assert.Equal(2000, result.HighestPassingRate);
        Assert.Equal("step 3 (4000/s): p99 650 ms > 500 ms", result.StopReason);
    }

    [Fact]
    public async Task The_ramp_stops_when_the_error_rate_exceeds_its_limit()
    {
        var result = await Ramp.RunAsync([100, 200], Policy, (number, rate) => Task.FromResult(Step(number, rate, 5, rate == 200 ? 0.02 : 0.01)));

        Assert.Equal(100, result.HighestPassingRate);
        Assert.Contains("error rate 2.00% > 1.00%", result.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ramp_whose_first_step_fails_has_no_passing_rate_and_a_step_without_answers_fails()
    {
        var result = await Ramp.RunAsync([100, 200], Policy, (number, rate) => Task.FromResult(Step(number, rate, p99: null, 1)));

        Assert.Single(result.Steps);
        Assert.Null(result.HighestPassingRate);
        Assert.Equal("no successful answers", result.Steps[0].Verdict!.Reason);
    }

    [Fact]
    public async Task When_every_step_holds_the_highest_rate_is_the_last_one()
    {
        var result = await Ramp.RunAsync([100, 200, 300], Policy, (number, rate) => Task.FromResult(Step(number, rate, 500, 0)));

        Assert.Equal(3, result.Steps.Count);
        Assert.Equal(300, result.HighestPassingRate);
        Assert.Null(result.StopReason);
    }

    private static StepReport Step(int number, double rate, double? p99, double errorRate) => new()
    {
        Number = number,
        OfferedRate = rate,
        AchievedRate = rate,
        WarmupSeconds = 0,
        DurationSeconds = 1,
        Scheduled = (long)rate,
        Started = (long)rate,
        Ok = (long)rate,
        Failed = 0,
        Dropped = 0,
        Unfinished = 0,
        LateStarts = 0,
        StartLag = null,
        ErrorRate = errorRate,
        StatusCodes = new Dictionary<string, long>(),
        Errors = new Dictionary<string, long>(),
        Latency = p99 is { } value ? new LatencySummary((long)rate, value / 2, value / 2, value / 2, value, value, value, value) : null,
        Outcomes = new Dictionary<string, long>(),
        TimeToDecision = null,
    };
}
