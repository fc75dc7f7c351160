using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TicketBooking.IntegrationTests;

/// <summary>
/// One of the project's services run as a real process (<c>dotnet</c> on the built dll beside these tests) on a
/// free loopback port, with the test services' connection settings and the service's own NATS user, its output in
/// a log file kept for diagnosis, and killed with SIGKILL, so a crash is a crash.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    /// <summary>The NATS user nats.conf has for each service.</summary>
    private static readonly Dictionary<string, string> NatsUsers = new()
    {
        ["TicketBooking.Engine.Host"] = "engine",
        ["TicketBooking.Ingress"] = "ingress",
        ["TicketBooking.Wallet"] = "wallet",
        ["TicketBooking.Projections"] = "projections",
    };

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private bool _disposed;

    private ServiceProcess(Process process, Uri address, string logPath)
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

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="services">Where NATS and PostgreSQL are (TB_NATS_URL, TB_PG) and the services' NATS passwords.</param>
    /// <param name="project">The project under src/, such as <c>TicketBooking.Wallet</c>.</param>
    /// <param name="arguments">Arguments before <c>--urls</c>.</param>
    /// <param name="environment">Settings as environment variables (<c>Section__Key</c>); later ones win.</param>
    public static ServiceProcess Start(ServicesFixture services, string project, IEnumerable<string> arguments, params IEnumerable<KeyValuePair<string, string>>[] environment)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in arguments.Prepend(AssemblyPath(project)).Append("--urls").Append(address.ToString()))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TB_NATS_URL"] = services.NatsUrl;
        start.Environment["TB_PG"] = services.PgConnectionString;
        start.Environment.Remove("TB_NATS_USER");
        start.Environment.Remove("TB_NATS_PASSWORD");
        foreach (var (key, value) in services.NatsCredentialsOf(NatsUsers[project]))
        {
            start.Environment[key] = value;
        }

        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment["Logging__LogLevel__Microsoft"] = "Warning";
        foreach (var (key, value) in environment.Prepend(TestSecrets.Environment).SelectMany(settings => settings))
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        return new ServiceProcess(process, address, Path.Combine(Path.GetTempPath(), $"tb-{project}-{Guid.NewGuid():N}.log"));
    }

    /// <summary>SIGKILL: no shutdown hooks, no draining, no goodbye to NATS or PostgreSQL.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>The end of the log (8,000 characters at most), for failure messages.</summary>
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

    internal static int FreePort() => FreePorts.Next();

    /// <summary>The service built beside these tests (the test project references it): same configuration, its own output folder.</summary>
    public static string AssemblyPath(string project, string? assemblyName = null)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var path = Path.Combine(RepositoryRoot.Path, "src", project, "bin", configuration, framework, $"{assemblyName ?? project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first.", path);
    }
}
