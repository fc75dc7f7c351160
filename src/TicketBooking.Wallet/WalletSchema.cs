using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using TicketBooking.Storage;

namespace TicketBooking.Wallet;

/// <summary>
/// Brings the <c>wallet</c> schema up to date at start-up, trying again while PostgreSQL is away.
/// Settlement waits for it; readiness reports it.
/// </summary>
public sealed class WalletSchema(
    NpgsqlDataSource dataSource,
    IOptions<WalletOptions> options,
    ILogger<WalletSchema> logger,
    ILogger<SchemaMigrator> migratorLogger) : BackgroundService, IHealthCheck
{
    private readonly TaskCompletionSource _migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WaitUntilMigratedAsync(CancellationToken cancellationToken) => _migrated.Task.WaitAsync(cancellationToken);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_migrated.Task.IsCompletedSuccessfully
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The wallet schema is not migrated yet (PostgreSQL unreachable?)."));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var migrator = new SchemaMigrator(dataSource, WalletMigrations.Set, migratorLogger);
        while (true)
        {
            try
            {
                await migrator.MigrateAsync(stoppingToken).ConfigureAwait(false);
                _migrated.TrySetResult();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Migrating the wallet schema failed: {Error}; retrying", e.Message);
            }

            await Task.Delay(options.Value.RetryDelay, stoppingToken).ConfigureAwait(false);
        }
    }
}
