using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TicketBooking.IntegrationTests.Nats;

/// <summary>
/// One nats-server process of the tests' own, started with the given arguments and environment and ready once its
/// monitoring endpoint answers its health path with 200. Stopped by its PID with SIGKILL: the store
/// directory is the caller's, and a SIGKILL is what a crash looks like.
/// </summary>
public sealed class NatsServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lastLines = new();

    private NatsServerProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts nats-server and waits until http://127.0.0.1:<paramref name="monitoringPort"/><paramref name="healthPath"/> answers 200.</summary>
    public static async Task<NatsServerProcess> StartAsync(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, int monitoringPort, string healthPath)
    {
        var start = new ProcessStartInfo(ServerBinary()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var server = new NatsServerProcess(Process.Start(start) ?? throw new InvalidOperationException("nats-server did not start."));
        server._process.OutputDataReceived += (_, line) => server.Remember(line.Data);
        server._process.ErrorDataReceived += (_, line) => server.Remember(line.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync(monitoringPort, healthPath);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL, and wait until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    public static int FreePort() => FreePorts.Next();

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lastLines.Enqueue(line);
        while (_lastLines.Count > 20 && _lastLines.TryDequeue(out _))
        {
        }
    }

    private async Task WaitUntilHealthyAsync(int monitoringPort, string healthPath)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        await Eventually.UntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException(
                        $"nats-server exited with {_process.ExitCode} at start (is every TB_NATS_*_PASSWORD set?):{Environment.NewLine}{string.Join(Environment.NewLine, _lastLines)}");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{monitoringPort}{healthPath}"));
                    return response.IsSuccessStatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            $"nats-server to answer {healthPath} with 200",
            diagnostics: () => string.Join(Environment.NewLine, _lastLines));
    }

    /// <summary>nats-server on PATH, else where the Debian package puts it (as ./tb looks for it).</summary>
    private static string ServerBinary()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "nats-server"))
            .FirstOrDefault(File.Exists);
        return onPath ?? (File.Exists("/usr/sbin/nats-server") ? "/usr/sbin/nats-server"
            : throw new InvalidOperationException("nats-server is not installed (./tb up installs it)."));
    }
}
