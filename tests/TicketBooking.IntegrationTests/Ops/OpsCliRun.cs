using TicketBooking.Ops;

namespace TicketBooking.IntegrationTests.Ops;

/// <summary>One in-process run of tb-ops against the local services, with what it printed.</summary>
internal sealed record OpsCliRun(int ExitCode, string Out, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static async Task<OpsCliRun> RunAsync(ServicesFixture services, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await OpsCli.RunAsync([.. args, "--nats", services.NatsUrl, "--pg", services.PgConnectionString], output, error, CancellationToken.None);
        return new OpsCliRun(code, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}
