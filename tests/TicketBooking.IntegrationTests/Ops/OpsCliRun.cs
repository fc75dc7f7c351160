using System.Diagnostics;
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

    /// <summary>
    /// tb-ops as its own process (the built tb-ops.dll), as the <c>ops</c> user of <paramref name="services"/>: for a
    /// nats-server of a test's own, whose passwords are not in this process's environment.
    /// </summary>
    public static async Task<OpsCliRun> RunProcessAsync(ServicesFixture services, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in args.Prepend(ServiceProcess.AssemblyPath("TicketBooking.Ops", "tb-ops")).Concat(["--nats", services.NatsUrl, "--pg", services.PgConnectionString]))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in services.NatsCredentialsOf("ops"))
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new OpsCliRun(process.ExitCode, await output, await error);
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}
