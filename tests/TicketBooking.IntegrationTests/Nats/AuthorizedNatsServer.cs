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
    private readonly NatsUserPasswords _passwords = new();
    private readonly string _storeDirectory = Path.Combine(Path.GetTempPath(), $"tb-nats-auth-{Guid.NewGuid():N}");
    private readonly int _port = NatsServerProcess.FreePort();
    private readonly int _monitoringPort = NatsServerProcess.FreePort();
    private NatsServerProcess? _server;

    public string Url => $"nats://127.0.0.1:{_port}";

    public string PasswordOf(string user) => _passwords.Of(user);

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
        if (_server is not null)
        {
            await _server.KillAsync();
        }
    }

    /// <summary>Starts the server again on the same ports and JetStream directory, and waits until JetStream is up.</summary>
    public async Task RestartAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await StartAsync();
    }

    /// <summary>A connection as <paramref name="user"/> (null: anonymous), with short timeouts, since a refused request is never answered.</summary>
    public Task<NatsConnection> ConnectAsync(string? user, string? password = null) =>
        TestNatsConnections.ConnectAsync(Url, user, password ?? (user is null ? null : _passwords.Of(user)));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (Directory.Exists(_storeDirectory))
        {
            Directory.Delete(_storeDirectory, recursive: true);
        }
    }

    private async Task StartAsync() =>
        _server = await NatsServerProcess.StartAsync(
            ["-c", Path.Combine(RepositoryRoot.Path, "nats.conf"), "-p", $"{_port}", "-m", $"{_monitoringPort}", "-sd", _storeDirectory],
            _passwords.ServerEnvironment(),
            _monitoringPort,
            "/healthz?js-enabled-only=true");
}
