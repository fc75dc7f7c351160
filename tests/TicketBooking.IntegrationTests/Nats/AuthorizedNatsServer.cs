using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using NATS.Client.Core;
using NATS.Client.JetStream;
using TicketBooking.Messaging;

namespace TicketBooking.IntegrationTests.Nats;

/// <summary>
/// A nats-server of these tests' own, started from the repository's nats.conf on free loopback ports with fresh
/// passwords for its users and a throwaway JetStream directory (the shared local server runs without
/// authorization), with the three streams created by the admin. It can be SIGKILLed and started again on the same
/// ports and JetStream directory, as a crashed server restarts on its data. Killed, and its directory deleted, at the end.
/// </summary>
public sealed class AuthorizedNatsServer : IAsyncLifetime
{
    public static readonly string[] Users = ["engine", "ingress", "wallet", "projections", "ops", "admin"];

    private readonly Dictionary<string, string> _passwords = Users.ToDictionary(user => user, _ => "tb" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
    private readonly string _storeDirectory = Path.Combine(Path.GetTempPath(), $"tb-nats-auth-{Guid.NewGuid():N}");
    private readonly int _port = FreePort();
    private readonly int _monitoringPort = FreePort();
    private Process? _server;

    public string Url => $"nats://127.0.0.1:{_port}";

    public string PasswordOf(string user) => _passwords[user];

    /// <summary>Where the server keeps its JetStream data (it appends <c>/jetstream</c>).</summary>
    public string StoreDirectory => _storeDirectory;

    public async Task InitializeAsync()
    {
        await StartAsync();
        await using var admin = await ConnectAsync("admin");
        await JetStreamSetup.RecreateStreamsAsync(new NatsJSContext(admin), new StreamSettings(), CancellationToken.None);
    }

    /// <summary>SIGKILL: no shutdown, no flush; whatever the server had not written to its files is gone.</summary>
    public async Task KillAsync()
    {
        if (_server is { HasExited: false } server)
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    /// <summary>Starts the server again on the same ports and JetStream directory, and waits until JetStream is up.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        _server?.Dispose();
        await StartAsync();
    }

    private async Task StartAsync()
    {
        var start = new ProcessStartInfo(ServerBinary()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", Path.Combine(RepositoryRoot.Path, "nats.conf"), "-p", $"{_port}", "-m", $"{_monitoringPort}", "-sd", _storeDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (user, password) in _passwords)
        {
            start.Environment[$"TB_NATS_{user.ToUpperInvariant()}_PASSWORD"] = password;
        }

        _server = Process.Start(start) ?? throw new InvalidOperationException("nats-server did not start.");
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await WaitUntilHealthyAsync();
    }

    /// <summary>A connection as <paramref name="user"/> (null: anonymous), with short timeouts, since a refused request is never answered.</summary>
    public async Task<NatsConnection> ConnectAsync(string? user, string? password = null)
    {
        var connection = new NatsConnection(new NatsOpts
        {
            Url = Url,
            Name = $"tb-permission-test-{user ?? "anonymous"}",
            ConnectTimeout = TimeSpan.FromSeconds(3),
            RequestTimeout = TimeSpan.FromSeconds(2),
            MaxReconnectRetry = 0,
            AuthOpts = new NatsAuthOpts { Username = user, Password = password ?? (user is null ? null : _passwords[user]) },
        });
        try
        {
            await connection.ConnectAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            if (!_server.HasExited)
            {
                _server.Kill();
            }

            await _server.WaitForExitAsync();
            _server.Dispose();
        }

        if (Directory.Exists(_storeDirectory))
        {
            Directory.Delete(_storeDirectory, recursive: true);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_server!.HasExited)
            {
                throw new InvalidOperationException($"nats-server exited with {_server.ExitCode} at start (is nats.conf valid with every TB_NATS_*_PASSWORD set?).");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{_monitoringPort}/healthz?js-enabled-only=true"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("nats-server did not become healthy within 30 s.");
            }

            await Task.Delay(100);
        }
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
