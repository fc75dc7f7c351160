using Microsoft.Extensions.Diagnostics.HealthChecks;

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

/// <summary>What this worker does now; readiness is "connected and either writing or standing by".</summary>
public sealed class ProjectorStatus : IHealthCheck
{
    private volatile ProjectorRole _role = ProjectorRole.Unavailable;

    public ProjectorRole Role
    {
        get => _role;
        set => _role = value;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_role switch
        {
            ProjectorRole.Writing => HealthCheckResult.Healthy("Writing the order projection."),
            ProjectorRole.StandingBy => HealthCheckResult.Healthy("Standing by: another worker writes the order projection."),
            _ => HealthCheckResult.Unhealthy("Not connected to PostgreSQL and the journal (yet)."),
        });
}
