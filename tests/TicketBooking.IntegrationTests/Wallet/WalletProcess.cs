using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TicketBooking.IntegrationTests.Wallet;

/// <summary>
/// A real wallet process (the built TicketBooking.Wallet), killed with SIGKILL, so a crash is a crash.
/// Its output goes to a log file kept for diagnosis.
/// </summary>
internal sealed class WalletProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private bool _disposed;

    private WalletProcess(Process process, Uri address, string logPath)
    {
        _process = process;
        Address = address;
        LogPath = logPath;
        _log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public string LogPath { get; }

    public static async Task<WalletProcess> StartAsync(ServicesFixture services, IReadOnlyDictionary<string, string>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { WalletAssemblyPath(), "--urls", address.ToString() })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TB_NATS_URL"] = services.NatsUrl;
        start.Environment["TB_PG"] = services.PgConnectionString;
        start.Environment["Wallet__RetryDelay"] = "00:00:00.200";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment["Logging__LogLevel__Microsoft"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var wallet = new WalletProcess(process, address, Path.Combine(Path.GetTempPath(), $"tb-wallet-{Guid.NewGuid():N}.log"));
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.TrueAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The wallet exited with {process.ExitCode}; see {wallet.LogPath}:\n{wallet.ReadLog()}");
                }

                try
                {
                    return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            "the wallet process to be ready",
            TimeSpan.FromSeconds(60),
            wallet.ReadLog);
        return wallet;
    }

    public WalletClient Client(long? buyerId = null) => new(Address, buyerId);

    /// <summary>SIGKILL: no shutdown hooks, no nak, no goodbye to NATS or PostgreSQL.</summary>
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
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await KillAsync();
        _process.Dispose();
        lock (_logGate)
        {
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logGate)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The wallet built beside these tests (the test project references it): same configuration, its own output folder.</summary>
    private static string WalletAssemblyPath()
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
            "src", "TicketBooking.Wallet", "bin", configuration, framework, "TicketBooking.Wallet.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the wallet first.", path);
    }
}
