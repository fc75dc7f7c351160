using Microsoft.Extensions.Options;

namespace TicketBooking.Projections.Statistics;

/// <summary>
/// What the statistics projector of this worker does now. Readiness as the order projector's: standing by, or writing
/// with a live journal consumer and at most <see cref="ProjectionsOptions.MaxLag"/> journal batches not yet folded.
/// </summary>
public sealed class StatisticsProjectorStatus(StatisticsMetrics metrics, IOptions<ProjectionsOptions> options)
    : JournalProjectorStatus("statistics-projector", "the statistics")
{
    protected override (long Lag, long MaxLag)? Behind => (metrics.Lag, options.Value.MaxLag);
}
