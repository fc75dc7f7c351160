using TicketBooking.LoadTests.Orchestration;

namespace TicketBooking.LoadTests.Tests;

public class OrchestrationArgumentsTests
{
    private static OrchestrationOptions Parse(params string[] arguments) => OrchestrationArguments.Parse(arguments, defaultSeed: 42);

    [Fact]
    public void Without_options_it_is_the_hot_drop_at_2000_per_second_for_a_minute()
    {
        var options = Parse();

        Assert.Equal("hot-drop", options.Scenario);
        Assert.Equal(("2000", "60s", "5s", "1000,2000,3000,4000,5000", "500ms"), (options.Rate, options.Duration, options.Warmup, options.Rates, options.P99Limit));
        Assert.Equal(("250ms", "10s", 5000, 42), (options.PollInterval, options.LongPoll, options.Buyers, options.Seed));
        Assert.Equal((5080, 5180, 5280, 5380, 5480), (options.EnginePort, options.IngressPort, options.WalletPort, options.ProjectionsPort, options.ConventionalPort));
        Assert.Equal(1, options.Scale);
        Assert.Null(options.Ref);
        Assert.False(options.Quick || options.Wrk || options.Compare || options.Help);
    }

    [Fact]
    public void Given_values_are_kept_as_written()
    {
        var options = Parse("--scenario", "spread", "--rate", "1500.5", "--duration", "20s", "--warmup", "3s", "--seed", "7", "--buyers", "10",
            "--ingress-port", "6180", "--engine-port", "6080", "--wallet-port", "6280", "--projections-port", "6380", "--ref", "HEAD~1", "--long-poll", "0");

        Assert.Equal(("spread", "1500.5", "20s", "3s", 7, 10), (options.Scenario, options.Rate, options.Duration, options.Warmup, options.Seed, options.Buyers));
        Assert.Equal((6080, 6180, 6280, 6380), (options.EnginePort, options.IngressPort, options.WalletPort, options.ProjectionsPort));
        Assert.Equal(("HEAD~1", "0"), (options.Ref, options.LongPoll));
    }

    [Fact]
    public void Quick_is_a_smoke_run_and_a_quick_ramp_takes_3_seconds_a_step()
    {
        var quick = Parse("--quick");
        Assert.Equal(("300", "5s", "2s", "200,400"), (quick.Rate, quick.Duration, quick.Warmup, quick.Rates));

        var ramp = Parse("--quick", "--scenario", "ramp", "--duration", "10s", "--rate", "100");
        Assert.Equal(("100", "3s"), (ramp.Rate, ramp.Duration));
    }

    [Fact]
    public void Compare_warms_up_longer_polls_finer_and_runs_wrk_for_30_seconds_or_5_when_quick()
    {
        var compare = Parse("--compare");
        Assert.Equal(("10s", "50ms", "30s", "compare"), (compare.Warmup, compare.PollInterval, compare.WrkDuration, compare.RunName));

        var quick = Parse("--compare", "--quick", "--warmup", "1s", "--wrk-duration", "7s");
        Assert.Equal(("1s", "7s", "5s"), (quick.Warmup, quick.WrkDuration, Parse("--compare", "--quick").WrkDuration));
    }

    [Fact]
    public void The_report_folder_is_named_for_the_start_the_run_and_its_flags()
    {
        var startedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        Assert.Equal("20260102-030405-hot-drop", Parse().ReportFolderName(startedAt));
        Assert.Equal("20260102-030405-spread-quick-wrk", Parse("--scenario", "spread", "--quick", "--wrk").ReportFolderName(startedAt));
        Assert.Equal("20260102-030405-compare-quick", Parse("--compare", "--quick").ReportFolderName(startedAt));
    }

    [Fact]
    public void Wrk_runs_each_endpoint_20_seconds_or_5_when_quick()
    {
        Assert.Equal("20s", Parse("--wrk").CrosscheckDuration);
        Assert.Equal("5s", Parse("--wrk", "--quick").CrosscheckDuration);
    }

    [Fact]
    public void The_shared_services_pids_for_the_cpu_table_may_repeat_and_help_is_a_flag()
    {
        var options = Parse("--cpu-process", "nats-server=12", "--cpu-process", "postgresql=tree:34", "-h");

        Assert.Equal(["nats-server=12", "postgresql=tree:34"], options.CpuProcesses);
        Assert.True(options.Help);
    }

    [Theory]
    [InlineData("unknown option '--fast'", "--fast")]
    [InlineData("--rate needs a value", "--rate")]
    [InlineData("--scenario is hot-drop, spread, ramp or queue", "--scenario", "burst")]
    [InlineData("--scale is 1, 2 or 4", "--scale", "3")]
    [InlineData("--scale goes with the generator's scenarios", "--scale", "2", "--wrk")]
    [InlineData("--scale goes with the generator's scenarios", "--compare", "--scale", "4")]
    [InlineData("--rate is a number", "--rate", "fast")]
    [InlineData("--duration: '1h' is not a duration", "--duration", "1h")]
    [InlineData("--rates are positive numbers", "--rates", "1000,0")]
    [InlineData("--buyers is a positive number", "--buyers", "0")]
    [InlineData("--ingress-port is a port number", "--ingress-port", "x")]
    [InlineData("--engine-port is a port number", "--engine-port", "65535", "--scale", "2")]
    [InlineData("--seed is a whole number", "--seed", "soon")]
    public void Bad_options_are_refused_with_one_line_that_says_why(string reason, params string[] arguments)
    {
        var error = Assert.Throws<FormatException>(() => Parse(arguments));

        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
