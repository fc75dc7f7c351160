using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace TicketBooking.IntegrationTests.Engine;

/// <summary>
/// A real engine host process (the built TicketBooking.Engine.Host), started with the test's settings
/// and killed with SIGKILL, so a crash is a crash. Its output goes to a log file kept for diagnosis.
/// </summary>
internal sealed class EngineHostProcess : IAsyncDisposable
{
    private static readonly KeyValuePair<string, string>[] FastTimings =
    [
        KeyValuePair.Create("Engine__TickInterval", "00:00:00.200"),
        KeyValuePair.Create("Engine__RestartDelay", "00:00:00.500"),
    ];

    private readonly ServiceProcess _process;
    private readonly HttpClient _http;

    private EngineHostProcess(ServiceProcess process)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = process.Address, Timeout = TimeSpan.FromSeconds(5) };
    }

    public string LogPath => _process.LogPath;

    public bool HasExited => _process.HasExited;

    public static EngineHostProcess Start(ServicesFixture services, string partitions, IReadOnlyDictionary<string, string>? settings = null) =>
        new(ServiceProcess.Start(services, "TicketBooking.Engine.Host", ["run", "--partitions", partitions], FastTimings, settings ?? new Dictionary<string, string>()));

    public static EngineHostProcess Start(ServicesFixture services, int partition, IReadOnlyDictionary<string, string>? settings = null) =>
        Start(services, partition.ToString(CultureInfo.InvariantCulture), settings);

    /// <summary>A host of <paramref name="partitions"/>, as the comma-separated list <c>--partitions</c> takes.</summary>
    public static EngineHostProcess Start(ServicesFixture services, IEnumerable<int> partitions, IReadOnlyDictionary<string, string>? settings = null) =>
        Start(services, string.Join(',', partitions), settings);

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
        IReadOnlyDictionary<int, string>? statuses = null;
        await Eventually.UntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The engine host exited with {_process.ExitCode}; see {LogPath}:\n{ReadLog()}");
                }

                statuses = await StatusesAsync();
                return statuses is not null && statuses.TryGetValue(partition, out var current) && current == status;
            },
            $"partition {partition} to become {status}",
            timeout ?? TimeSpan.FromSeconds(60),
            () => $"Statuses: {Describe(statuses)}; see {LogPath}:\n{ReadLog()}");
    }

    public async Task<HttpStatusCode> ReadinessAsync() => (await _http.GetAsync("/health/ready")).StatusCode;

    /// <summary>SIGKILL: no shutdown hooks, no draining, no goodbye to NATS or PostgreSQL.</summary>
    public Task KillAsync() => _process.KillAsync();

    public string ReadLog() => _process.ReadLog();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _http.Dispose();
    }

    private static string Describe(IReadOnlyDictionary<int, string>? statuses) =>
        statuses is null ? "no answer" : string.Join(", ", statuses.Select(kv => $"{kv.Key}={kv.Value}"));
}
