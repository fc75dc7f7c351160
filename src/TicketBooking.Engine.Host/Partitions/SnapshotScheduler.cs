using System.Diagnostics;
using TicketBooking.Engine.Journal;
using TicketBooking.Engine.Pipeline;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Engine.State;
using TicketBooking.Storage;
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
        if (newDecisions > 0 && (newDecisions >= everyDecisions || _sinceCapture.Elapsed >= every))
        {
            // Batches durable before the capture hold only decisions the capture includes.
            Volatile.Write(ref _pending, new PendingSnapshot(SnapshotCodec.CaptureState(state), journal.LastStreamSequence));
            _capturedDecision = state.LastDecisionSequence;
            _sinceCapture.Restart();
        }

        WritePendingIfDurable();
    }

    public void OnDurable(JournalBatch batch) => WritePendingIfDurable();

    /// <summary>
    /// Hands the pending capture to the writer once the journal holds all of it. If the writer is still busy
    /// with the previous one, the capture stays pending (unless a newer one replaced it) and is tried again.
    /// </summary>
    private void WritePendingIfDurable()
    {
        var pending = Volatile.Read(ref _pending);
        if (pending is null
            || journal.LastDecisionSequence < pending.Capture.LastDecisionSequence
            || Interlocked.CompareExchange(ref _pending, null, pending) != pending)
        {
            return;
        }

        if (!writer.TryEnqueue(partition, pending.Capture, (long)pending.JournalPosition))
        {
            Interlocked.CompareExchange(ref _pending, pending, null);
        }
    }

    private sealed record PendingSnapshot(StateCapture Capture, ulong JournalPosition);
}
