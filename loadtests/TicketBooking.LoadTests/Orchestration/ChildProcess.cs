using System.Diagnostics;
using System.Text;

namespace TicketBooking.LoadTests.Orchestration;

/// <summary>
/// Starts the programs of a load test. Output that goes to a file is redirected by <c>/bin/sh</c>, which then execs the
/// program: the process is the program itself (its PID is what the CPU table reads), and its output never passes
/// through this process.
/// </summary>
internal static class ChildProcess
{
    private const string IntoFile = "out=$1; shift; exec \"$@\" </dev/null >\"$out\" 2>&1";
    private const string IntoFiles = "out=$1; err=$2; shift 2; exec \"$@\" </dev/null >\"$out\" 2>\"$err\"";
    private const string IntoFileErrorsOnConsole = "out=$1; shift; exec \"$@\" </dev/null >\"$out\"";
    private const string Merged = "exec \"$@\" </dev/null 2>&1";

    /// <summary>As the errors file: stderr stays on the console.</summary>
    public const string ErrorsOnConsole = "-";

    /// <summary>
    /// Starts <paramref name="command"/> with stdout into <paramref name="output"/>, and stderr there too (null),
    /// on the console (<see cref="ErrorsOnConsole"/>) or into the file <paramref name="errors"/>.
    /// </summary>
    public static Process Start(IReadOnlyList<string> command, string workingDirectory, string output, string? errors = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        string[] script = errors switch
        {
            ErrorsOnConsole => [IntoFileErrorsOnConsole, "sh", output],
            { } file => [IntoFiles, "sh", output, file],
            null => [IntoFile, "sh", output],
        };
        var start = Shell(script, command, workingDirectory, environment);
        return Process.Start(start) ?? throw new OrchestrationException($"could not start {command[0]}");
    }

    /// <summary>Runs <paramref name="command"/> as <see cref="Start"/> does and returns its exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> command, string workingDirectory, string output, string? errors, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        using var process = Start(command, workingDirectory, output, errors, environment);
        return await WaitAsync(process, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="command"/> with its stdout and stderr on the console and appended to <paramref name="teeFile"/>; returns its exit code.</summary>
    public static async Task<int> TeeAsync(IReadOnlyList<string> command, string workingDirectory, string teeFile, CancellationToken cancellationToken)
    {
        var start = Shell([Merged, "sh"], command, workingDirectory, environment: null);
        start.RedirectStandardOutput = true;
        using var process = Process.Start(start) ?? throw new OrchestrationException($"could not start {command[0]}");
        try
        {
            using var file = new StreamWriter(teeFile, append: true, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await Console.Out.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }

        return await WaitAsync(process, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="command"/> and returns its exit code and stdout (stderr goes to the console).</summary>
    public static async Task<(int ExitCode, string Output)> CaptureAsync(IReadOnlyList<string> command, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0]) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new OrchestrationException($"could not start {command[0]}");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        return (await WaitAsync(process, cancellationToken).ConfigureAwait(false), output);
    }

    /// <summary>Sends SIGTERM to <paramref name="process"/> (Process.Kill would send SIGKILL).</summary>
    public static void Terminate(Process process)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
        kill?.WaitForExit();
    }

    /// <summary>The exit code; a cancelled wait kills the program, so nothing outlives the load test.</summary>
    private static async Task<int> WaitAsync(Process process, CancellationToken cancellationToken)
    {
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>SIGKILL to <paramref name="process"/> and what it started, unless it is gone already.</summary>
    public static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    private static ProcessStartInfo Shell(IReadOnlyList<string> script, IReadOnlyList<string> command, string workingDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        foreach (var argument in script.Concat(command))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }
}

/// <summary>A local load test could not be set up: its message is the one-line reason.</summary>
public sealed class OrchestrationException : Exception
{
    public OrchestrationException()
    {
    }

    public OrchestrationException(string message)
        : base(message)
    {
    }

    public OrchestrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
