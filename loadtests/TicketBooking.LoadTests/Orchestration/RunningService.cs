using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace TicketBooking.LoadTests.Orchestration;

/// <summary>
/// A service this load test started: its process, its log and its PID file (<c>.run/load-INSTANCE.pid</c>).
/// Disposing stops it: SIGTERM, SIGKILL after 20 s. Nothing else is ever signalled.
/// </summary>
internal sealed class RunningService : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    private readonly Process _process;
    private readonly string _pidFile;

    private RunningService(ServiceSpec spec, Process process, string log, string pidFile)
    {
        Spec = spec;
        _process = process;
        Log = log;
        _pidFile = pidFile;
    }

    public ServiceSpec Spec { get; }

    public int Pid => _process.Id;

    public string Log { get; }

    /// <summary>Starts <paramref name="spec"/> with its output into <paramref name="log"/>.</summary>
    public static RunningService Start(ServiceSpec spec, string log, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var environment = spec.NatsUser is { } user ? NatsUser.Environment(user) : null;
        var process = ChildProcess.Start(["dotnet", spec.Dll, .. spec.Arguments], spec.ProjectDirectory, log, errors: null, environment);
        var pidFile = Path.Combine(runDirectory, $"load-{spec.Instance}.pid");
        File.WriteAllText(pidFile, process.Id.ToString(CultureInfo.InvariantCulture) + "\n");
        return new RunningService(spec, process, log, pidFile);
    }

    /// <summary>Until <c>/health/ready</c> answers 200; throws when the process exits first or 120 s pass.</summary>
    public async Task WaitReadyAsync(HttpClient client, string root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var deadline = Stopwatch.StartNew();
        while (await StatusAsync(client, new Uri(Spec.Url + "/health/ready"), cancellationToken).ConfigureAwait(false) != HttpStatusCode.OK)
        {
            if (_process.HasExited)
            {
                OrchestrationLog.Tail(Log);
                throw new OrchestrationException($"{Spec.Name} exited during start-up (see {Path.GetRelativePath(root, Log)})");
            }

            if (deadline.Elapsed > ReadyTimeout)
            {
                throw new OrchestrationException($"{Spec.Name} not ready on {Spec.Url}/health/ready within 120s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }

        OrchestrationLog.Info($"{Spec.Name} ready: {Spec.Url} (pid {Pid})");
    }

    /// <summary>The status of GET <paramref name="uri"/>; null when nothing answers.</summary>
    public static async Task<HttpStatusCode?> StatusAsync(HttpClient client, Uri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            using var response = await client.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            return response.StatusCode;
        }
        catch (Exception error) when (error is HttpRequestException || (error is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            OrchestrationLog.Info($"stopping {Spec.Instance} (pid {Pid})");
            ChildProcess.Terminate(_process);
            using var stopping = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ChildProcess.Kill(_process);
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        File.Delete(_pidFile);
        _process.Dispose();
    }
}
