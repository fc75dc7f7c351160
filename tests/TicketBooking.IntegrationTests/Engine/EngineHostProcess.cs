using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace TicketBooking.IntegrationTests.Engine;

/// <summary>
/// A real engine host process (the built TicketBooking.Engine.Host), started with the test's settings
/// and killed with SIGKILL, so a crash is a crash. Its output goes to a log file kept for diagnosis.
/// </summary>
internal sealed class EngineHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private EngineHostProcess(Process process, Uri baseAddress, string logPath)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        LogPath = logPath;
    }

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public static EngineHostProcess Start(ServicesFixture services, string partitions, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var logPath = Path.Combine(Path.GetTempPath(), $"tb-engine-host-{Guid.NewGuid():N}.log");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { HostAssemblyPath(), "run", "--partitions", partitions, "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TB_NATS_URL"] = services.NatsUrl;
        start.Environment["TB_PG"] = services.PgConnectionString;
        start.Environment["Engine__TickInterval"] = "00:00:00.200";
        start.Environment["Engine__RestartDelay"] = "00:00:00.500";
        start.Environment["Engine__StandbyPollInterval"] = "00:00:00.200";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment["Logging__LogLevel__Microsoft"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var gate = new Lock();
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            lock (gate)
            {
                log.Dispose();
            }
        };
        return new EngineHostProcess(process, new Uri($"http://127.0.0.1:{port}"), logPath);

        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                try
                {
                    log.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }
    }

    /// <summary>The statuses of the hosted partitions, or null while the host does not answer.</summary>
    public async Task<IReadOnlyDictionary<int, string>?> StatusesAsync()
    {
        try
        {
            return await _http.GetFromJsonAsync<Dictionary<int, string>>("/partitions");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public async Task WaitForStatusAsync(int partition, string status, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The engine host exited with {_process.ExitCode}; see {LogPath}:\n{ReadLog()}");
            }

            var statuses = await StatusesAsync();
            if (statuses is not null && statuses.TryGetValue(partition, out var current) && current == status)
            {
                return;
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Partition {partition} did not become {status} (statuses: {Describe(statuses)}); see {LogPath}:\n{ReadLog()}");
            }

            await Task.Delay(50);
        }
    }

    public async Task<HttpStatusCode> ReadinessAsync() => (await _http.GetAsync("/health/ready")).StatusCode;

    /// <summary>SIGKILL: no shutdown hooks, no draining, no goodbye to NATS or PostgreSQL.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            return text.Length > 8_000 ? text[^8_000..] : text;
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        _http.Dispose();
    }

    private static string Describe(IReadOnlyDictionary<int, string>? statuses) =>
        statuses is null ? "no answer" : string.Join(", ", statuses.Select(kv => $"{kv.Key}={kv.Value}"));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The host built beside these tests: same configuration, its own output folder.</summary>
    private static string HostAssemblyPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repository = testOutput;
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "TicketBooking.sln")))
        {
            repository = repository.Parent;
        }

        var path = Path.Combine(repository?.FullName ?? throw new InvalidOperationException("TicketBooking.sln not found above the test output."),
            "src", "TicketBooking.Engine.Host", "bin", configuration, framework, "TicketBooking.Engine.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the engine host first.", path);
    }
}
