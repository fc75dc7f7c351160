using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TicketBooking.ServiceDefaults;

/// <summary>A readiness check answered by another type's own judgement (a consumer's progress, say), which need not know health checks.</summary>
public sealed class ReadinessProbe(Func<(bool IsReady, string Description)> probe) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (isReady, description) = probe();
        return Task.FromResult(isReady ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }
}
