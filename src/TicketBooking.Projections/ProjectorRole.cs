using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TicketBooking.Messaging.Consuming;

namespace TicketBooking.Projections;

public enum ProjectorRole
{
    /// <summary>Not yet connected, or PostgreSQL, NATS or the journal failed it: trying again.</summary>
    Unavailable,

    /// <summary>Holds the projector lock and follows the journal.</summary>
    Writing,

    /// <summary>Connected; another worker holds the lock, this one takes it over when that one goes.</summary>
    StandingBy,
}

/// <summary>
/// What this worker does now. Readiness: standing by, or writing with a live journal consumer and at most
/// <see cref="ProjectionsOptions.MaxLag"/> journal batches not yet projected.
/// </summary>
public sealed class ProjectorStatus(ProjectionMetrics metrics, IOptions<ProjectionsOptions> options) : IProjectorStatus, IHealthCheck
{
    private volatile ProjectorRole _role = ProjectorRole.Unavailable;

    public ProjectorRole Role
    {
        get => _role;
        set => _role = value;
    }

    /// <summary>The writer's consumer of TB_DECISIONS.</summary>
    public ConsumerProgress Journal { get; } = new("order-projector");

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_role switch
        {
            ProjectorRole.Writing when !Journal.IsLive => HealthCheckResult.Unhealthy("Writing, but without a live journal consumer (NATS down, restarted, or the consumer stalled); creating it again."),
            ProjectorRole.Writing when metrics.Lag > options.Value.MaxLag => HealthCheckResult.Unhealthy($"Writing, {metrics.Lag} journal batches behind (more than {options.Value.MaxLag})."),
            ProjectorRole.Writing => HealthCheckResult.Healthy($"Writing the order projection, {metrics.Lag} journal batches behind."),
            ProjectorRole.StandingBy => HealthCheckResult.Healthy("Standing by: another worker writes the order projection."),
            _ => HealthCheckResult.Unhealthy("Not connected to PostgreSQL and the journal (yet)."),
        });
}
