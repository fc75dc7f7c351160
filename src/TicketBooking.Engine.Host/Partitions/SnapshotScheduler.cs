using System.Diagnostics;
using TicketBooking.Engine.Journal;
using TicketBooking.Engine.Pipeline;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Engine.State;
using TicketBooking.Engine.Storage;
using TicketBooking.Messaging;

namespace TicketBooking.Engine.Host.Partitions;

/// <summary>
/// Captures the state on the business thread every N decisions or T seconds, and hands the capture to
/// the <see cref="SnapshotWriter"/> only once the journal holds every decision in it: a snapshot must
/// never be ahead of the journal.
/// </summary>
internal sealed class SnapshotScheduler(
    int partition,
    JetStreamDecisionJournal journal,
    SnapshotWriter writer,
    long everyDecisions,
    TimeSpan every,
    long startDecision) : IPartitionObserver
{
    private readonly Stopwatch _sinceCapture = Stopwatch.StartNew();
    private long _capturedDecision = startDecision;
    private PendingSnapshot? _pending;

    public void OnBatchDecided(EngineState state)
    {
        var newDecisions = state.LastDecisionSequence - _capturedDecision;
        if (newDecisions <= 0 || (newDecisions < everyDecisions && _sinceCapture.Elapsed < every))
        {
            return;
        }

        // Batches durable before the capture hold only decisions the capture includes.
        var pending = new PendingSnapshot(SnapshotCodec.Capture(state), journal.LastStreamSequence);
        _capturedDecision = state.LastDecisionSequence;
        _sinceCapture.Restart();
        if (journal.LastDecisionSequence >= pending.Capture.LastDecisionSequence)
        {
            writer.TryEnqueue(partition, pending.Capture, (long)pending.JournalPosition);
        }
        else
        {
            Volatile.Write(ref _pending, pending);
        }
    }

    public void OnDurable(JournalBatch batch)
    {
        var pending = Volatile.Read(ref _pending);
        if (pending is not null
            && batch.LastDecisionSequence >= pending.Capture.LastDecisionSequence
            && Interlocked.CompareExchange(ref _pending, null, pending) == pending)
        {
            writer.TryEnqueue(partition, pending.Capture, (long)pending.JournalPosition);
        }
    }

    private sealed record PendingSnapshot(EngineSnapshot Capture, ulong JournalPosition);
}
