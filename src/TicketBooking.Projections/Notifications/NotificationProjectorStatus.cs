using Microsoft.Extensions.Diagnostics.HealthChecks;
using TicketBooking.Messaging.Consuming;

namespace TicketBooking.Projections.Notifications;

/// <summary>What the notification projector does now; ready while standing by, or writing with a live journal consumer.</summary>
public sealed class NotificationProjectorStatus : IProjectorStatus, IHealthCheck
{
    private volatile ProjectorRole _role = ProjectorRole.Unavailable;

    public ProjectorRole Role
    {
        get => _role;
        set => _role = value;
    }

    public ConsumerProgress Journal { get; } = new("notification-projector");

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_role switch
        {
            ProjectorRole.Writing when !Journal.IsLive => HealthCheckResult.Unhealthy("Writing notifications, but without a live journal consumer; creating it again."),
            ProjectorRole.Writing => HealthCheckResult.Healthy("Writing notifications."),
            ProjectorRole.StandingBy => HealthCheckResult.Healthy("Standing by: another worker writes notifications."),
            _ => HealthCheckResult.Unhealthy("Not connected to PostgreSQL and the journal (yet)."),
        });
}
