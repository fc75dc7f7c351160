using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TicketBooking.Messaging.Consuming;

namespace TicketBooking.Projections.Statistics;

/// <summary>
/// What the statistics projector of this worker does now. Readiness as the order projector's: standing by, or writing
/// with a live journal consumer and at most <see cref="ProjectionsOptions.MaxLag"/> journal batches not yet folded.
/// </summary>
public sealed class StatisticsProjectorStatus(StatisticsMetrics metrics, IOptions<ProjectionsOptions> options) : IProjectorStatus, IHealthCheck
{
    private volatile ProjectorRole _role = ProjectorRole.Unavailable;

    public ProjectorRole Role
    {
        get => _role;
        set => _role = value;
    }

    /// <summary>The writer's consumer of TB_DECISIONS.</summary>
    public ConsumerProgress Journal { get; } = new("statistics-projector");

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_role switch
        {
            ProjectorRole.Writing when !Journal.IsLive => HealthCheckResult.Unhealthy("Writing, but without a live journal consumer (NATS down, restarted, or the consumer stalled); creating it again."),
            ProjectorRole.Writing when metrics.Lag > options.Value.MaxLag => HealthCheckResult.Unhealthy($"Writing, {metrics.Lag} journal batches behind (more than {options.Value.MaxLag})."),
            ProjectorRole.Writing => HealthCheckResult.Healthy($"Writing the statistics, {metrics.Lag} journal batches behind."),
            ProjectorRole.StandingBy => HealthCheckResult.Healthy("Standing by: another worker writes the statistics."),
            _ => HealthCheckResult.Unhealthy("Not connected to PostgreSQL and the journal (yet)."),
        });
}
