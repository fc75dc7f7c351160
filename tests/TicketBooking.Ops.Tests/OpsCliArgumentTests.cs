namespace TicketBooking.Ops.Tests;

/// <summary>What tb-ops answers before it reaches any service: bad arguments exit 2, an unreachable NATS 3, each with one line on stderr.</summary>
public sealed class OpsCliArgumentTests
{
    [Theory]
    [InlineData("verify")]
    [InlineData("verify", "--partition", "13", "--all")]
    [InlineData("reexecute", "--partition", "16")]
    [InlineData("replay")]
    [InlineData("order", "not-a-guid")]
    [InlineData("nonsense")]
    [InlineData("verify", "--partition", "1", "--partition-count", "0")]
    [InlineData("money", "--buyers", "9..3")]
    [InlineData("money", "--buyers", "0..3")]
    [InlineData("loyalty", "--buyers", "9..3")]
    [InlineData("loyalty", "--earn-rate", "2/1")]
    [InlineData("loyalty", "--earn-rate", "1/0")]
    [InlineData("loyalty", "--earn-rate", "one")]
    [InlineData("loyalty", "--wait", "-00:00:01")]
    [InlineData("waiting-room")]
    [InlineData("waiting-room", "--session", "0")]
    [InlineData("waiting-room", "--session", "-4")]
    [InlineData("waiting-room", "--session", "soon")]
    public async Task Bad_arguments_exit_2_with_one_line(params string[] args)
    {
        var run = await RunAsync([.. args, "--nats", "nats://127.0.0.1:1", "--pg", "Host=127.0.0.1;Port=1"]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Unreachable_nats_exits_3_with_one_line()
    {
        var run = await RunAsync(["verify", "--partition", "13", "--nats", "nats://127.0.0.1:1"]);

        Assert.True(run.ExitCode == ExitCodes.Unavailable, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains("NATS is not reachable", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_postgres_exits_3_with_one_line_for_the_waiting_room_audit()
    {
        var run = await RunAsync(["waiting-room", "--session", "7", "--pg", "Host=127.0.0.1;Port=1;Timeout=2"]);

        Assert.True(run.ExitCode == ExitCodes.Unavailable, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains("PostgreSQL is not reachable", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    private static async Task<CliRun> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await OpsCli.RunAsync(args, output, error, CancellationToken.None);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    private sealed record CliRun(int ExitCode, string Out, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
    }
}
