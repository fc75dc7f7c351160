using TicketBooking.Engine.State;
using TicketBooking.Messaging;

namespace TicketBooking.Recovery;

/// <summary>
/// Folds a partition's journal into a state: every batch after a stream position, each decision the state has not
/// applied yet (a snapshot may already hold some decisions of the batches after its position). The engine host's
/// recovery and <c>tb-ops replay</c> both fold through here, so an operator replays what a host recovers.
/// </summary>
public sealed class JournalReplay(JournalReader journal)
{
    /// <summary>
    /// Applies the batches after <paramref name="afterStreamSequence"/> to <paramref name="state"/> and, when all of
    /// them applied, marks the highest input they cover. A batch of another partition or a decision that does not
    /// apply stops the fold: the result says where, and the state keeps what applied before it.
    /// </summary>
    /// <param name="partition">Whose journal.</param>
    /// <param name="state">The state to fold into: empty, or restored from a snapshot.</param>
    /// <param name="afterStreamSequence">The journal position the state already covers (0 for none).</param>
    /// <param name="onBatch">Told each folded batch's stream sequence, for progress; may be null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<ReplayedJournal> ReplayAsync(
        int partition,
        EngineState state,
        ulong afterStreamSequence,
        Action<ulong>? onBatch,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var position = afterStreamSequence;
        var lastInput = state.LastInputSequence;
        var batches = 0;
        var decisions = 0L;
        await foreach (var journaled in journal.ReadAsync(partition, afterStreamSequence + 1, cancellationToken).ConfigureAwait(false))
        {
            batches++;
            if (journaled.Batch.Partition != partition)
            {
                var reason = $"journal message {journaled.StreamSequence} on partition {partition}'s subject says partition {journaled.Batch.Partition}";
                return new ReplayedJournal(position, batches, decisions, new ReplayFailure(reason, null));
            }

            foreach (var decision in journaled.Batch.Decisions)
            {
                if (decision.Sequence <= state.LastDecisionSequence)
                {
                    continue;
                }

                if (decision.Sequence != state.LastDecisionSequence + 1)
                {
                    // A replica that lost batches (the whole NATS cluster killed at once) must not fold into a state
                    // with holds missing: the recovery fails and is tried again on a new consumer.
                    var gap = $"journal message {journaled.StreamSequence} starts at decision {decision.Sequence}, after decision {state.LastDecisionSequence}: batches are missing";
                    return new ReplayedJournal(position, batches, decisions, new ReplayFailure(gap, null));
                }

                try
                {
                    state.Apply(decision);
                }
                catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or ArgumentException)
                {
                    return new ReplayedJournal(position, batches, decisions, new ReplayFailure($"decision {decision.Sequence} does not apply: {e.Message}", e));
                }

                decisions++;
            }

            lastInput = Math.Max(lastInput, journaled.Batch.LastInputSequence);
            position = journaled.StreamSequence;
            onBatch?.Invoke(position);
        }

        state.MarkInputApplied(lastInput);
        return new ReplayedJournal(position, batches, decisions, null);
    }
}

/// <summary>
/// How far a replay got: the stream sequence of the last batch folded (what the next append expects), the batches
/// read and the decisions applied, and why it stopped early, if it did.
/// </summary>
public sealed record ReplayedJournal(ulong JournalStreamSequence, int Batches, long Decisions, ReplayFailure? Failure);

/// <summary>Why a replay stopped: a journal that does not fold. <paramref name="Cause"/> is the exception of a decision that did not apply.</summary>
public sealed record ReplayFailure(string Reason, Exception? Cause);
