using System.Diagnostics.Metrics;

namespace TicketBooking.Projections.Statistics;

/// <summary>
/// The statistics projector's instruments on the <c>TicketBooking.Projections</c> meter: whether this worker writes
/// the statistics, and while it does how far they are behind TB_DECISIONS (stream sequences, one per journal batch).
/// </summary>
public sealed class StatisticsMetrics
{
    private long _journalSequence;
    private long _projectedSequence;
    private volatile bool _writing;

    public StatisticsMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(ProjectionMetrics.MeterName);
        TransactionDuration = meter.CreateHistogram<double>(
            "tb.projections.statistics.transaction.duration", "s", "Time from a statistics transaction's begin to its commit.");
        meter.CreateObservableGauge(
            "tb.projections.statistics.writer", () => _writing ? 1 : 0, "{worker}", "1 while this worker holds the statistics projector lock and writes.");
        meter.CreateObservableGauge(
            "tb.projections.statistics.projected.sequence", () => WhileWriting(Interlocked.Read(ref _projectedSequence)), "{batch}",
            "TB_DECISIONS stream sequence the statistics are complete through.");
        meter.CreateObservableGauge(
            "tb.projections.statistics.lag", () => WhileWriting(Lag), "{batch}", "Journal batches known but not yet in the statistics.");
    }

    public Histogram<double> TransactionDuration { get; }

    /// <summary>Journal batches known but not yet folded into the statistics.</summary>
    public long Lag => Math.Max(0, Interlocked.Read(ref _journalSequence) - Interlocked.Read(ref _projectedSequence));

    public void StartWriting(ulong projectedThrough)
    {
        Interlocked.Exchange(ref _projectedSequence, (long)projectedThrough);
        Interlocked.Exchange(ref _journalSequence, (long)projectedThrough);
        _writing = true;
    }

    public void StopWriting() => _writing = false;

    public void JournalSeen(ulong sequence, ulong pending)
    {
        var known = (long)(sequence + pending);
        if (known > Interlocked.Read(ref _journalSequence))
        {
            Interlocked.Exchange(ref _journalSequence, known);
        }
    }

    public void Projected(ulong through) => Interlocked.Exchange(ref _projectedSequence, (long)through);

    private IEnumerable<Measurement<long>> WhileWriting(long value) => _writing ? [new Measurement<long>(value)] : [];
}
