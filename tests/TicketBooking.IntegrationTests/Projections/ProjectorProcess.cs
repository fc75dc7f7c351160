using System.Globalization;
using System.Net;
using TicketBooking.IntegrationTests.Wallet;

namespace TicketBooking.IntegrationTests.Projections;

/// <summary>A real projections worker process (the built TicketBooking.Projections), killed with SIGKILL, so a crash is a crash.</summary>
internal sealed class ProjectorProcess : IAsyncDisposable
{
    private readonly ServiceProcess _process;
    private readonly HttpClient _http;

    private ProjectorProcess(ServiceProcess process)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = process.Address, Timeout = TimeSpan.FromSeconds(5) };
    }

    public string LogPath => _process.LogPath;

    /// <summary>Starts a worker without waiting for it.</summary>
    public static ProjectorProcess Launch(ServicesFixture services, IReadOnlyDictionary<string, string>? settings = null) =>
        new(ServiceProcess.Start(
            services,
            "TicketBooking.Projections",
            [],
            [KeyValuePair.Create("Projections__LockPollInterval", "00:00:00.200")],
            settings ?? new Dictionary<string, string>()));

    /// <summary>Starts a worker and waits until it is ready (writing or standing by).</summary>
    public static async Task<ProjectorProcess> StartAsync(ServicesFixture services, IReadOnlyDictionary<string, string>? settings = null)
    {
        var projector = Launch(services, settings);
        await Eventually.UntilAsync(
            async () => (await projector.ReadinessAsync()) == HttpStatusCode.OK,
            "the projections worker to be ready",
            TimeSpan.FromSeconds(60),
            projector.ReadLog);
        return projector;
    }

    public Task<HttpStatusCode?> ReadinessAsync() => StatusAsync("/health/ready");

    public Task<HttpStatusCode?> LivenessAsync() => StatusAsync("/health/live");

    private async Task<HttpStatusCode?> StatusAsync(string path)
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The projections worker exited with {_process.ExitCode}; see {LogPath}:\n{ReadLog()}");
        }

        try
        {
            return (await _http.GetAsync(path)).StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The value of the first sample of <paramref name="name"/> on /metrics (Prometheus text: <c>name{labels} value</c>), or null when there is none.</summary>
    public async Task<double?> MetricAsync(string name)
    {
        var text = await _http.GetStringAsync("/metrics");
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{')
            {
                var afterName = line[name.Length] == '{' ? line.LastIndexOf('}') + 1 : name.Length;
                var value = line[afterName..].Trim().Split(' ')[0];
                return double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>Whether this worker holds the projector lock and writes (its <c>tb_projections_orders_writer</c> gauge).</summary>
    public async Task<bool> IsWritingAsync() => await MetricAsync("tb_projections_orders_writer") == 1;

    /// <summary>SIGKILL: no shutdown hooks, no goodbye to NATS or PostgreSQL.</summary>
    public Task KillAsync() => _process.KillAsync();

    public string ReadLog() => _process.ReadLog();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _http.Dispose();
    }
}
