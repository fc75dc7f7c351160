using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using TicketBooking.Identity;
using TicketBooking.Storage;

namespace TicketBooking.Wallet;

/// <summary>
/// Brings the <c>identity</c> and <c>wallet</c> schemas up to date at start-up, trying again while PostgreSQL is
/// away, then makes sure the configured administrator exists. Settlement waits for it; readiness reports it.
/// </summary>
public sealed class WalletSchema(
    NpgsqlDataSource dataSource,
    AdminBootstrap adminBootstrap,
    IOptions<WalletOptions> options,
    ILogger<WalletSchema> logger,
    ILogger<SchemaMigrator> migratorLogger) : BackgroundService, IHealthCheck
{
    private readonly TaskCompletionSource _migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WaitUntilMigratedAsync(CancellationToken cancellationToken) => _migrated.Task.WaitAsync(cancellationToken);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_migrated.Task.IsCompletedSuccessfully
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The identity and wallet schemas are not migrated yet (PostgreSQL unreachable?)."));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var migrators = new[] { IdentityMigrations.Set, WalletMigrations.Set }.Select(set => new SchemaMigrator(dataSource, set, migratorLogger)).ToArray();
        while (true)
        {
            try
            {
                foreach (var migrator in migrators)
                {
                    await migrator.MigrateAsync(stoppingToken).ConfigureAwait(false);
                }

                await adminBootstrap.EnsureAsync(stoppingToken).ConfigureAwait(false);
                _migrated.TrySetResult();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Migrating the wallet schema failed; retrying");
            }

            await Task.Delay(options.Value.RetryDelay, stoppingToken).ConfigureAwait(false);
        }
    }
}
