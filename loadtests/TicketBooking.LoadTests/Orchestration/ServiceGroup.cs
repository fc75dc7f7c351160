namespace TicketBooking.LoadTests.Orchestration;

/// <summary>
/// The services one load test started. Disposing stops them by their processes, the ingresses first (no more
/// requests), the engine hosts last; nothing this load test did not start is touched.
/// </summary>
internal sealed class ServiceGroup(string workingTree, string runDirectory) : IAsyncDisposable
{
    private static readonly string[] StopOrder = ["ingress", "wallet", "projections", "engine", "conventional"];
    private readonly List<RunningService> _services = [];

    /// <summary>Starts <paramref name="spec"/>, its log <c>INSTANCE.log</c> in <paramref name="folder"/>.</summary>
    public RunningService Start(ServiceSpec spec, string folder)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var service = RunningService.Start(spec, Path.Combine(folder, spec.Instance + ".log"), runDirectory);
        _services.Add(service);
        return service;
    }

    /// <summary>The running instance of <paramref name="spec"/>.</summary>
    public RunningService this[ServiceSpec spec] => _services.Single(service => service.Spec == spec);

    /// <summary>Until each of <paramref name="specs"/> is ready, in order.</summary>
    public async Task WaitReadyAsync(IEnumerable<ServiceSpec> specs, HttpClient client, CancellationToken cancellationToken)
    {
        foreach (var spec in specs)
        {
            await this[spec].WaitReadyAsync(client, workingTree, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        int Rank(RunningService service) => Array.FindIndex(StopOrder, kind => service.Spec.Instance == kind || service.Spec.Instance.StartsWith(kind + "-", StringComparison.Ordinal));
        foreach (var service in _services.OrderBy(Rank))
        {
            await service.DisposeAsync().ConfigureAwait(false);
        }

        _services.Clear();
    }
}
