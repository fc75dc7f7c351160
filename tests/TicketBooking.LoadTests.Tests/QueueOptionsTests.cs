using System.CommandLine;
using TicketBooking.LoadTests.Orchestration;
using TicketBooking.LoadTests.Queue;

namespace TicketBooking.LoadTests.Tests;

/// <summary>The queue command's and ./tb load --scenario queue's options.</summary>
public class QueueOptionsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

    private static QueueSettings Settings(params string[] arguments)
    {
        var options = new QueueOptions();
        var command = options.Create();
        var result = command.Parse(arguments);
        Assert.Empty(result.Errors);
        return options.Settings(result, Now);
    }

    [Fact]
    public void Without_options_100000_visitors_join_and_2000_follow_at_60000_a_minute()
    {
        var settings = Settings();

        Assert.Equal((100_000, 200, 64, 2000, 100, 60_000), (settings.Visitors, settings.LateVisitors, settings.JoinConcurrency, settings.Followers, settings.BuyEvery, settings.AdmitPerMinute));
        Assert.Equal((1_700_000_000_123L, 1L, 20), (settings.SessionId, settings.FirstVisitor, settings.Buyers));
        Assert.Equal(new Uri("http://127.0.0.1:5180"), settings.Ingress);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.SaleDelay);
        // Twice the 100.2 s the rate needs for 100,200 visitors, plus a minute.
        Assert.Equal(TimeSpan.FromSeconds(260.4), settings.AdmissionLimit);
    }

    [Fact]
    public void Given_values_are_kept_and_every_nth_follower_buys()
    {
        var settings = Settings("--session", "77", "--first-visitor", "500", "--visitors", "1000", "--late-visitors", "0", "--followers", "25",
            "--buy-every", "10", "--admit-per-minute", "6000", "--sale-delay", "2s", "--admission-timeout", "90s", "--ingress", "http://127.0.0.1:6180");

        Assert.Equal((77L, 500L, 1000, 0, 25, 3), (settings.SessionId, settings.FirstVisitor, settings.Visitors, settings.LateVisitors, settings.Followers, settings.Buyers));
        Assert.Equal([0, 10, 20], Enumerable.Range(0, 25).Where(settings.Buys));
        Assert.Equal(509, settings.VisitorId(9));
        Assert.Equal(TimeSpan.FromSeconds(90), settings.AdmissionLimit);
    }

    [Theory]
    [InlineData("--followers cannot be more than --visitors", "--visitors", "10", "--followers", "11")]
    [InlineData("--admit-per-minute must be between", "--admit-per-minute", "2000000")]
    [InlineData("--visitors, --join-concurrency", "--late-visitors", "-1")]
    [InlineData("--sale-delay must be at least 1s", "--sale-delay", "500ms")]
    [InlineData("--session and the visitors' ids", "--session", "9007199254740992")]
    public void Settings_that_cannot_run_are_refused_with_one_line(string reason, params string[] arguments)
    {
        var error = Assert.Throws<FormatException>(() => Settings(arguments));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Tb_load_takes_the_queue_options_only_with_the_queue_scenario_and_funds_the_followers()
    {
        var queue = OrchestrationArguments.Parse(["--scenario", "queue", "--visitors", "5000", "--followers", "300", "--admit-per-minute", "1200"], 42);

        Assert.Equal(new QueueLoad { Visitors = 5000, Followers = 300, AdmitPerMinute = 1200 }, queue.Queue);
        Assert.Equal(300, queue.Buyers);
        Assert.Equal("20260102-030405-queue", queue.ReportFolderName(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        Assert.Equal(new QueueLoad { Visitors = 2000, LateVisitors = 50, Followers = 200, BuyEvery = 10 }, OrchestrationArguments.Parse(["--scenario", "queue", "--quick"], 42).Queue);
        Assert.Null(OrchestrationArguments.Parse([], 42).Queue);
    }

    [Theory]
    [InlineData("--visitors goes with --scenario queue", "--visitors", "10")]
    [InlineData("--scenario queue runs its own load", "--scenario", "queue", "--wrk")]
    [InlineData("--scenario queue runs against one ingress", "--scenario", "queue", "--scale", "2")]
    [InlineData("--followers cannot be more than --visitors", "--scenario", "queue", "--visitors", "10")]
    [InlineData("--late-visitors is a number of at least 0", "--scenario", "queue", "--late-visitors", "-1")]
    public void Tb_load_refuses_queue_options_that_do_not_fit(string reason, params string[] arguments)
    {
        var error = Assert.Throws<FormatException>(() => OrchestrationArguments.Parse(arguments, 42));

        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
    }
}
