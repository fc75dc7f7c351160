using System.Diagnostics;
using TicketBooking.Engine.State;
using TicketBooking.Storage;
using TicketBooking.Messaging;

namespace TicketBooking.Recovery;

/// <summary>
/// Rebuilds a partition: the newest valid snapshot, then the journal after it. The input position
/// comes from the journal batches, so the reader resumes at the first input without an outcome.
/// </summary>
public sealed class PartitionRecovery(SnapshotStore snapshots, JournalReader journal)
{
    private readonly JournalReplay _replay = new(journal);

    public async Task<RecoveredPartition> RecoverAsync(int partition, bool useSnapshot, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var restored = useSnapshot ? await snapshots.LoadNewestValidAsync(partition, cancellationToken).ConfigureAwait(false) : null;
        var state = restored?.State ?? new EngineState();
        var snapshotPosition = (ulong)(restored?.Snapshot.JournalStreamSequence ?? 0);

        // A snapshot covers every batch up to its journal position, and maybe some decisions after it.
        var replayed = await _replay.ReplayAsync(partition, state, snapshotPosition, onBatch: null, cancellationToken).ConfigureAwait(false);
        if (replayed.Failure is { } failure)
        {
            throw new InvalidOperationException($"Partition {partition}: {failure.Reason}. Refusing to start.", failure.Cause);
        }

        var journalPosition = replayed.JournalStreamSequence;
        var journalEnd = await journal.LastStreamSequenceAsync(partition, cancellationToken).ConfigureAwait(false);
        if (journalEnd < journalPosition)
        {
            throw new InvalidOperationException(
                $"Partition {partition}: the snapshot is ahead of the journal (journal ends at {journalEnd}, snapshot at {journalPosition}). Refusing to start.");
        }

        return new RecoveredPartition(state, journalPosition, restored?.Snapshot, replayed.Batches, stopwatch.Elapsed);
    }
}

/// <summary>
/// A partition ready to run: its state, the journal's last stream sequence (what the next append
/// expects), the snapshot it started from and how long it took.
/// </summary>
public sealed record RecoveredPartition(
    EngineState State,
    ulong JournalStreamSequence,
    StoredSnapshot? Snapshot,
    int ReplayedBatches,
    TimeSpan Duration);
