using TicketBooking.LoadTests.Compare;
using TicketBooking.LoadTests.Reporting;

namespace TicketBooking.LoadTests.Tests;

public class CompareTests
{
    private const string WrkText = """
        Running 10s test @ http://127.0.0.1:6180/api/sessions/1/orders
          2 threads and 64 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     5.12ms    2.01ms  40.00ms   80.00%
            Req/Sec     6.30k   500.00     7.00k    70.00%
          Latency Distribution
             50%  850.00us
             75%    6.00ms
             90%    7.50ms
             99%    1.20s
          126000 requests in 10.00s, 30.00MB read
          Socket errors: connect 0, read 2, write 0, timeout 12
          Non-2xx or 3xx responses: 6000
        Requests/sec:  12600.00
        Transfer/sec:      3.00MB
        status 202: 120000
        status 409: 6000
        """;

    [Fact]
    public void Wrk_output_gives_rates_percentiles_statuses_and_socket_errors()
    {
        var figures = WrkOutput.Parse(WrkText);

        Assert.Equal(12600.0, figures.AnsweredPerSecond);
        Assert.Equal(12000.0, figures.SucceededPerSecond);
        Assert.Equal(0.85, figures.LatencyP50);
        Assert.Equal(1200.0, figures.LatencyP99);
        Assert.Null(figures.DecisionP50);
        Assert.Equal(120000, figures.StatusCodes["202"]);
        Assert.Equal(6000, figures.StatusCodes["409"]);
        Assert.Equal(14, figures.TransportErrors);
    }

    [Theory]
    [InlineData("800.00us", 0.8)]
    [InlineData("1.23ms", 1.23)]
    [InlineData("2.00s", 2000)]
    [InlineData("1.50m", 90000)]
    public void Wrk_durations_read_in_milliseconds(string text, double milliseconds) =>
        Assert.Equal(milliseconds, WrkOutput.Milliseconds(text), precision: 6);

    [Fact]
    public void Text_that_is_not_wrk_output_is_refused() =>
        Assert.Throws<FormatException>(() => WrkOutput.Parse("hello"));

    [Fact]
    public void The_ratio_is_ticketbooking_over_conventional_and_blank_without_a_divisor()
    {
        Assert.Equal("2.50x", ComparisonTable.Ratio(5000, 2000));
        Assert.Equal("0.25x", ComparisonTable.Ratio(1, 4));
        Assert.Equal("-", ComparisonTable.Ratio(null, 4));
        Assert.Equal("-", ComparisonTable.Ratio(5, 0));
    }

    [Fact]
    public void The_table_puts_both_systems_side_by_side_with_ratios()
    {
        var ticketBooking = WrkOutput.Parse(WrkText);
        var conventional = (ticketBooking with { AnsweredPerSecond = 4200, LatencyP50 = 1.7, LatencyP99 = 2400, StatusCodes = new Dictionary<string, long> { ["201"] = 5, ["409"] = 7 } }).AnswerIsDecision();

        var table = ComparisonTable.Render("hot drop", ticketBooking, conventional);

        Assert.StartsWith("## hot drop", table, StringComparison.Ordinal);
        Assert.Contains("| answers/s | 12,600 | 4,200 | 3.00x |", table, StringComparison.Ordinal);
        Assert.Contains("| latency p50 ms | 0.85 | 1.70 | 0.50x |", table, StringComparison.Ordinal);
        Assert.Contains("| latency p99 ms | 1200 | 2400 | 0.50x |", table, StringComparison.Ordinal);
        Assert.Contains("| time to decision p50 ms | - | 1.70 | - |", table, StringComparison.Ordinal);
        Assert.Contains("| status codes | 202: 120,000, 409: 6,000 | 201: 5, 409: 7 | |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generator_report_gives_the_last_steps_figures()
    {
        var latency = new LatencySummary(100, 5, 4, 6, 8, 9, 10, 11);
        var decision = new LatencySummary(100, 50, 40, 60, 80, 90, 100, 110);
        var step = new StepReport
        {
            Number = 1, OfferedRate = 1000, AchievedRate = 900, WarmupSeconds = 1, DurationSeconds = 10,
            Scheduled = 10000, Started = 10000, Ok = 9000, Failed = 1000, Dropped = 3, Unfinished = 2, LateStarts = 0,
            StartLag = null, ErrorRate = 0.1,
            StatusCodes = new Dictionary<string, long> { ["202"] = 9000, ["503"] = 995 },
            Errors = new Dictionary<string, long> { ["timeout"] = 5 },
            Latency = latency, Outcomes = new Dictionary<string, long>(), TimeToDecision = decision,
        };
        var report = new RunReport
        {
            Command = "run", Scenario = "post-json", Description = "", StartedAt = DateTimeOffset.UnixEpoch,
            Machine = new MachineInfo(2, "", ""), Settings = new RunSettings(1, 1, 1, 1, 1), Steps = [step],
        };

        var figures = FiguresFile.Parse(JsonReport.Render(report));

        Assert.Equal(999.5, figures.AnsweredPerSecond);
        Assert.Equal(900, figures.SucceededPerSecond);
        Assert.Equal(4, figures.LatencyP50);
        Assert.Equal(90, figures.DecisionP99);
        Assert.Equal(10, figures.TransportErrors);
        Assert.Equal(4, figures.AnswerIsDecision().DecisionP50);
    }
}
