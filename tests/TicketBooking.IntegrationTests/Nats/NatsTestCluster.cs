using System.Net.Http.Json;
using System.Text.Json;
using NATS.Client.Core;

namespace TicketBooking.IntegrationTests.Nats;

/// <summary>
/// A three-node JetStream cluster of these tests' own, started as <c>./tb up --cluster</c> starts its nodes: the
/// repository's nats-cluster.conf (which includes nats-shared.conf, the single server's users, permissions and
/// mapping), a unique server name, client, route and monitoring ports and a store directory per node, all on free
/// loopback ports, with fresh passwords. Nodes are killed by their PIDs (SIGKILL) and may be restarted on the same
/// ports and store; everything is killed, and the directories deleted, at the end.
/// </summary>
public sealed class NatsTestCluster : IAsyncLifetime
{
    public const int Size = 3;

    private readonly NatsUserPasswords _passwords = new();
    private readonly string _storeRoot = Path.Combine(Path.GetTempPath(), $"tb-nats-cluster-{Guid.NewGuid():N}");
    private readonly ClusterNode[] _nodes = [.. Enumerable.Range(1, Size).Select(number => new ClusterNode($"n{number}"))];
    private readonly NatsServerProcess?[] _servers = new NatsServerProcess?[Size];

    /// <summary>Every node's client URL, comma-separated, as TB_NATS_URL carries them.</summary>
    public string Urls => string.Join(',', _nodes.Select(node => node.ClientUrl));

    public IEnumerable<string> NodeNames => _nodes.Select(node => node.Name);

    public string UrlOf(int node) => _nodes[node].ClientUrl;

    public int IndexOf(string nodeName) => Array.FindIndex(_nodes, node => node.Name == nodeName);

    public string NameOf(int node) => _nodes[node].Name;

    /// <summary>The password of <paramref name="user"/> on these nodes, for the services' settings.</summary>
    public string PasswordOf(string user) => _passwords.Of(user);

    public Task InitializeAsync() => StartAllAsync();

    /// <summary>Each node waits at start for the JetStream meta leader, which needs a quorum: so all start at once (on their stores, after <see cref="KillAllAsync"/>).</summary>
    public async Task StartAllAsync() => await Task.WhenAll(Enumerable.Range(0, Size).Select(StartAsync));

    /// <summary>SIGKILLs every node at once: the whole cluster crashes.</summary>
    public async Task KillAllAsync() => await Task.WhenAll(Enumerable.Range(0, Size).Select(KillAsync));

    /// <summary>A connection as <paramref name="user"/> to <paramref name="url"/> (default: every node), reconnecting as long as it takes.</summary>
    public Task<NatsConnection> ConnectAsync(string user, string? url = null) =>
        TestNatsConnections.ConnectAsync(url ?? Urls, user, _passwords.Of(user), maxReconnectRetry: -1);

    public async Task KillAsync(int node)
    {
        await (_servers[node] ?? throw new InvalidOperationException($"{_nodes[node].Name} is not running.")).DisposeAsync();
        _servers[node] = null;
    }

    /// <summary>Starts a node on its ports and store; ready once it is in touch with the JetStream meta leader.</summary>
    public async Task StartAsync(int node)
    {
        _servers[node] = await NatsServerProcess.StartAsync(ArgumentsOf(node), _passwords.ServerEnvironment(), _nodes[node].MonitoringPort, "/healthz");
    }

    /// <summary>The node's own view of JetStream (GET /jsz with <paramref name="query"/>).</summary>
    public async Task<JsonElement> JetStreamStatusOfAsync(int node, string query = "")
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        return await http.GetFromJsonAsync<JsonElement>(new Uri($"http://127.0.0.1:{_nodes[node].MonitoringPort}/jsz{query}"));
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.OfType<NatsServerProcess>())
        {
            await server.DisposeAsync();
        }

        if (Directory.Exists(_storeRoot))
        {
            Directory.Delete(_storeRoot, recursive: true);
        }
    }

    private string[] ArgumentsOf(int node)
    {
        var self = _nodes[node];
        var others = _nodes.Where(other => other.Name != self.Name).Select(other => other.RouteUrl);
        return
        [
            "-c", Path.Combine(RepositoryRoot.Path, "nats-cluster.conf"), "-n", self.Name,
            "-p", $"{self.ClientPort}", "-m", $"{self.MonitoringPort}",
            "--cluster", self.RouteUrl, "--routes", string.Join(',', others),
            "-sd", Path.Combine(_storeRoot, self.Name),
        ];
    }

    private sealed record ClusterNode(string Name)
    {
        public int ClientPort { get; } = NatsServerProcess.FreePort();

        public int RoutePort { get; } = NatsServerProcess.FreePort();

        public int MonitoringPort { get; } = NatsServerProcess.FreePort();

        public string ClientUrl => $"nats://127.0.0.1:{ClientPort}";

        public string RouteUrl => $"nats://127.0.0.1:{RoutePort}";
    }
}
