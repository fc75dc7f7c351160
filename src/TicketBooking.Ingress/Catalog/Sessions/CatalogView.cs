using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using TicketBooking.Storage;

namespace TicketBooking.Ingress.Catalog;

/// <summary>
/// The on-sale sessions, read from PostgreSQL at start and again every <see cref="IngressOptions.CatalogRefreshInterval"/>,
/// so that a purchase is validated without a database round trip. Start-up also migrates the catalog schema.
/// </summary>
public sealed class CatalogView(
    CatalogStore store,
    NpgsqlDataSource dataSource,
    IOptions<IngressOptions> options,
    ILogger<CatalogView> logger,
    ILogger<SchemaMigrator> migratorLogger) : BackgroundService, IHealthCheck
{
    private volatile IReadOnlyDictionary<long, CatalogSession> _sessions = new Dictionary<long, CatalogSession>();
    private volatile IReadOnlyList<CatalogSession> _byStart = [];
    private readonly List<(long Number, CatalogSession Session)> _addedDuringRefresh = [];
    private readonly Lock _gate = new();
    private long _adds;
    private volatile bool _loaded;

    public IReadOnlyCollection<CatalogSession> OnSale => (IReadOnlyCollection<CatalogSession>)_sessions.Values;

    /// <summary>The on-sale sessions by (start, id), the order listings page through.</summary>
    public IReadOnlyList<CatalogSession> OnSaleByStart => _byStart;

    public CatalogSession? Find(long sessionId) => _sessions.GetValueOrDefault(sessionId);

    /// <summary>Makes a session just put on sale by this instance visible at once, before the next refresh.</summary>
    public void Add(CatalogSession session)
    {
        lock (_gate)
        {
            Replace(new Dictionary<long, CatalogSession>(_sessions) { [session.Id] = session });
            _addedDuringRefresh.Add((++_adds, session));
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await new SchemaMigrator(dataSource, CatalogMigrations.Set, migratorLogger).MigrateAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_loaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The catalog has not been read yet."));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CatalogRefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Catalog refresh failed; serving the last one read");
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        long addsBefore;
        lock (_gate)
        {
            addsBefore = _adds;
        }

        var sessions = await store.OnSaleSessionsAsync(_sessions, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            // A session added while the read ran may be missing from what it read: keep it. Those added
            // before the read began were committed on sale by then, so the read has them.
            _addedDuringRefresh.RemoveAll(added => added.Number <= addsBefore);
            var fresh = sessions.ToDictionary(session => session.Id);
            foreach (var (_, session) in _addedDuringRefresh)
            {
                fresh.TryAdd(session.Id, session);
            }

            Replace(fresh);
        }

        _loaded = true;
    }

    private void Replace(Dictionary<long, CatalogSession> sessions)
    {
        _byStart = [.. sessions.Values.OrderBy(session => session.StartsAt).ThenBy(session => session.Id)];
        _sessions = sessions;
    }
}
