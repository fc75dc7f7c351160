using System.Diagnostics;
using System.Globalization;
using TicketBooking.LoadTests.Reporting;

namespace TicketBooking.LoadTests.Orchestration;

/// <summary>
/// CPU per accepted order over the generator's run, with loadtests/cpu-cost.sh: a snapshot of every process's CPU
/// ticks before and after, the generator's own CPU (it runs in this process) added as <c>load-generator</c>.
/// </summary>
internal sealed class CpuCost(string workingTree, IReadOnlyList<string> processes)
{
    private TimeSpan _userBefore;
    private TimeSpan _systemBefore;

    private string Script => Path.Combine(workingTree, "loadtests", "cpu-cost.sh");

    /// <summary>Every order the target accepted, warm-up included: the CPU was spent on all of them.</summary>
    public static long AcceptedOrders(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Steps.Sum(step => step.WarmupAccepted + step.StatusCodes.GetValueOrDefault("202"));
    }

    public async Task BeforeAsync(string file, CancellationToken cancellationToken)
    {
        await SnapshotAsync(file, cancellationToken).ConfigureAwait(false);
        using var self = Process.GetCurrentProcess();
        (_userBefore, _systemBefore) = (self.UserProcessorTime, self.PrivilegedProcessorTime);
    }

    /// <summary>The snapshot after, the generator's user and system seconds into <paramref name="generatorFile"/> and its line into the snapshot.</summary>
    public async Task AfterAsync(string file, string generatorFile, CancellationToken cancellationToken)
    {
        TimeSpan user, system;
        using (var self = Process.GetCurrentProcess())
        {
            (user, system) = (self.UserProcessorTime - _userBefore, self.PrivilegedProcessorTime - _systemBefore);
        }

        await SnapshotAsync(file, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(generatorFile, string.Create(CultureInfo.InvariantCulture, $"{user.TotalSeconds:0.000} {system.TotalSeconds:0.000}\n"), cancellationToken).ConfigureAwait(false);
        var (_, hz) = await ChildProcess.CaptureAsync(["getconf", "CLK_TCK"], workingTree, cancellationToken).ConfigureAwait(false);
        var ticksPerSecond = int.TryParse(hz.Trim(), CultureInfo.InvariantCulture, out var parsed) ? parsed : 100;
        await File.AppendAllTextAsync(file, string.Create(CultureInfo.InvariantCulture, $"load-generator 0 {(long)((user + system).TotalSeconds * ticksPerSecond)}\n"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Markdown table of cpu-cost.sh, on the console and into <paramref name="costFile"/>.</summary>
    public Task<int> TableAsync(string before, string after, long accepted, string costFile, CancellationToken cancellationToken) =>
        ChildProcess.TeeAsync([Script, "table", before, after, accepted.ToString(CultureInfo.InvariantCulture)], workingTree, costFile, cancellationToken);

    private async Task SnapshotAsync(string file, CancellationToken cancellationToken)
    {
        if (await ChildProcess.RunAsync([Script, "snapshot", .. processes], workingTree, file, ChildProcess.ErrorsOnConsole, null, cancellationToken).ConfigureAwait(false) != 0)
        {
            OrchestrationLog.Info($"cpu-cost.sh snapshot into {Path.GetFileName(file)} failed");
        }
    }
}
