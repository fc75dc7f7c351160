using Microsoft.Extensions.Diagnostics.HealthChecks;
using TicketBooking.Messaging.Consuming;

namespace TicketBooking.Projections;

/// <summary>
/// What a <see cref="JournalProjector{TItem}"/> of this worker does now. Readiness: standing by, or writing with a live
/// journal consumer and, where the projection counts its lag, at most its maximum lag of journal batches not yet written.
/// </summary>
/// <param name="consumerName">The name of <see cref="Journal"/>.</param>
/// <param name="projection">The projection as the health messages name it (“the order projection”).</param>
public abstract class JournalProjectorStatus(string consumerName, string projection) : IHealthCheck
{
    private volatile ProjectorRole _role = ProjectorRole.Unavailable;

    public ProjectorRole Role
    {
        get => _role;
        set => _role = value;
    }

    /// <summary>The writer's consumer of TB_DECISIONS.</summary>
    public ConsumerProgress Journal { get; } = new(consumerName);

    /// <summary>The journal batches not yet written and the most the writer may be behind while ready; null where not counted.</summary>
    protected virtual (long Lag, long MaxLag)? Behind => null;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Check(Behind));

    private HealthCheckResult Check((long Lag, long MaxLag)? behind) => _role switch
    {
        ProjectorRole.Writing when !Journal.IsLive => HealthCheckResult.Unhealthy("Writing, but without a live journal consumer (NATS down, restarted, or the consumer stalled); creating it again."),
        ProjectorRole.Writing when behind is (var lag, var maxLag) && lag > maxLag => HealthCheckResult.Unhealthy($"Writing, {lag} journal batches behind (more than {maxLag})."),
        ProjectorRole.Writing when behind is (var lag, _) => HealthCheckResult.Healthy($"Writing {projection}, {lag} journal batches behind."),
        ProjectorRole.Writing => HealthCheckResult.Healthy($"Writing {projection}."),
        ProjectorRole.StandingBy => HealthCheckResult.Healthy($"Standing by: another worker writes {projection}."),
        _ => HealthCheckResult.Unhealthy("Not connected to PostgreSQL and the journal (yet)."),
    };
}
