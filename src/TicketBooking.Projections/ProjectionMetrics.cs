using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TicketBooking.Projections;

/// <summary>
/// Instruments of the <c>TicketBooking.Projections</c> meter, scraped at /metrics. The sequences are TB_DECISIONS
/// stream sequences (one per journal batch); the lag gauges report only while this worker writes.
/// </summary>
public sealed class ProjectionMetrics
{
    public const string MeterName = "TicketBooking.Projections";

    private readonly ConcurrentDictionary<int, long> _partitionSequences = new();
    private long _journalSequence;
    private long _projectedSequence;
    private volatile bool _writing;

    public ProjectionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        TransactionBatches = meter.CreateHistogram<long>(
            "tb.projections.orders.transaction.batches", "{batch}", "Journal batches applied in one transaction.");
        TransactionOrders = meter.CreateHistogram<long>(
            "tb.projections.orders.transaction.orders", "{order}", "Order rows written in one transaction.");
        TransactionDuration = meter.CreateHistogram<double>(
            "tb.projections.orders.transaction.duration", "s", "Time from the transaction's begin to its commit.");
        meter.CreateObservableGauge(
            "tb.projections.orders.writer", () => _writing ? 1 : 0, "{worker}", "1 while this worker holds the projector lock and writes.");
        meter.CreateObservableGauge(
            "tb.projections.orders.journal.sequence", () => WhileWriting(Interlocked.Read(ref _journalSequence)), "{batch}",
            "Newest TB_DECISIONS stream sequence known to the projector (delivered, plus what the consumer reports pending).");
        meter.CreateObservableGauge(
            "tb.projections.orders.projected.sequence", () => WhileWriting(Interlocked.Read(ref _projectedSequence)), "{batch}",
            "TB_DECISIONS stream sequence the order projection is complete through.");
        meter.CreateObservableGauge(
            "tb.projections.orders.lag", () => WhileWriting(Lag), "{batch}",
            "Journal batches known but not yet projected.");
        meter.CreateObservableGauge(
            "tb.projections.orders.partition.sequence",
            () => _writing
                ? _partitionSequences.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>("partition", pair.Key)))
                : [],
            "{batch}",
            "Per partition, the stream sequence of the last journal batch projected (the checkpoint).");
    }

    public Histogram<long> TransactionBatches { get; }

    /// <summary>Journal batches known but not yet projected.</summary>
    public long Lag => Math.Max(0, Interlocked.Read(ref _journalSequence) - Interlocked.Read(ref _projectedSequence));

    public Histogram<long> TransactionOrders { get; }

    public Histogram<double> TransactionDuration { get; }

    public void StartWriting(IReadOnlyDictionary<int, ulong> checkpoints, ulong projectedThrough)
    {
        _partitionSequences.Clear();
        foreach (var (partition, sequence) in checkpoints)
        {
            _partitionSequences[partition] = (long)sequence;
        }

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

    public void Projected(ulong through, IEnumerable<KeyValuePair<int, ulong>> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        Interlocked.Exchange(ref _projectedSequence, (long)through);
        foreach (var (partition, sequence) in checkpoints)
        {
            _partitionSequences[partition] = (long)sequence;
        }
    }

    private IEnumerable<Measurement<long>> WhileWriting(long value) => _writing ? [new Measurement<long>(value)] : [];
}
