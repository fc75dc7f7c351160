using Microsoft.Extensions.Options;

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
/// What the order projector of this worker does now. Readiness: standing by, or writing with a live journal consumer
/// and at most <see cref="ProjectionsOptions.MaxLag"/> journal batches not yet projected.
/// </summary>
public sealed class ProjectorStatus(ProjectionMetrics metrics, IOptions<ProjectionsOptions> options)
    : JournalProjectorStatus("order-projector", "the order projection")
{
    protected override (long Lag, long MaxLag)? Behind => (metrics.Lag, options.Value.MaxLag);
}
