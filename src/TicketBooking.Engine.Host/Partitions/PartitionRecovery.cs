using System.Diagnostics;
using TicketBooking.Engine.State;
using TicketBooking.Storage;
using TicketBooking.Messaging;

namespace TicketBooking.Engine.Host.Partitions;

/// <summary>
/// Rebuilds a partition: the newest valid snapshot, then the journal after it. The input position
/// comes from the journal batches, so the reader resumes at the first input without an outcome.
/// </summary>
public sealed class PartitionRecovery(SnapshotStore snapshots, JournalReader journal)
{
    public async Task<RecoveredPartition> RecoverAsync(int partition, bool useSnapshot, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var restored = useSnapshot ? await snapshots.LoadNewestValidAsync(partition, cancellationToken).ConfigureAwait(false) : null;
        var state = restored?.State ?? new EngineState();
        var journalPosition = (ulong)(restored?.Snapshot.JournalStreamSequence ?? 0);
        var lastInput = state.LastInputSequence;
        var batches = 0;

        // A snapshot covers every batch up to its journal position, and maybe some decisions after it.
        await foreach (var journaled in journal.ReadAsync(partition, journalPosition + 1, cancellationToken).ConfigureAwait(false))
        {
            if (journaled.Batch.Partition != partition)
            {
                throw new InvalidOperationException($"Journal message {journaled.StreamSequence} on partition {partition}'s subject says partition {journaled.Batch.Partition}.");
            }

            foreach (var decision in journaled.Batch.Decisions)
            {
                if (decision.Sequence > state.LastDecisionSequence)
                {
                    state.Apply(decision);
                }
            }

            lastInput = Math.Max(lastInput, journaled.Batch.LastInputSequence);
            journalPosition = journaled.StreamSequence;
            batches++;
        }

        var journalEnd = await journal.LastStreamSequenceAsync(partition, cancellationToken).ConfigureAwait(false);
        if (journalEnd < journalPosition)
        {
            throw new InvalidOperationException(
                $"Partition {partition}: the snapshot is ahead of the journal (journal ends at {journalEnd}, snapshot at {journalPosition}). Refusing to start.");
        }

        state.MarkInputApplied(lastInput);
        return new RecoveredPartition(state, journalPosition, restored?.Snapshot, batches, stopwatch.Elapsed);
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
