using TicketBooking.Audit;

namespace TicketBooking.Ops.Commands;

/// <summary>
/// Audits one partition: the journal from zero through <see cref="JournalAuditor"/>, then the partition's
/// inputs while TB_INPUT still has them, then the fold at the newest valid snapshot against that snapshot.
/// </summary>
public sealed class PartitionVerifier(OpsServices services)
{
    public async Task<PartitionVerification> VerifyAsync(int partition, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var extra = new List<AuditFinding>();
        var snapshot = await services.LoadNewestSnapshotAsync(partition, cancellationToken).ConfigureAwait(false);
        var auditor = new JournalAuditor(partition);
        if (snapshot is not null)
        {
            auditor.KeepStateAt(snapshot.Snapshot.LastDecisionSequence);
        }

        long? firstDecisionInput = null;
        await foreach (var journaled in services.Journal.ReadAsync(partition, 1, cancellationToken).ConfigureAwait(false))
        {
            firstDecisionInput ??= journaled.Batch.Decisions.Count > 0 ? journaled.Batch.Decisions[0].InputSequence : null;
            auditor.AddBatch(journaled.Batch);
        }

        await CheckInputsAsync(partition, auditor, firstDecisionInput, notes, cancellationToken).ConfigureAwait(false);
        var report = auditor.Complete();

        var compared = false;
        if (snapshot is not null)
        {
            var at = snapshot.Snapshot.LastDecisionSequence;
            if (auditor.StateAtCheckpoint is { } fold)
            {
                compared = true;
                if (StateComparer.FirstDifference(fold, snapshot.State) is { } difference)
                {
                    extra.Add(new AuditFinding(AuditCodes.SnapshotMismatch, $"The snapshot at decision {at} differs from the journal folded to it: {difference} (journal vs snapshot)."));
                }
            }
            else
            {
                extra.Add(new AuditFinding(
                    AuditCodes.SnapshotUnreachable,
                    $"The snapshot at decision {at} cannot be compared: the journal {(report.LastDecisionSequence < at ? $"ends at decision {report.LastDecisionSequence}" : "does not fold up to it")}."));
            }
        }
        else if (report.Batches > 0)
        {
            notes.Add("no valid snapshot to compare");
        }

        return new PartitionVerification(
            partition,
            report.Batches,
            report.Decisions,
            report.LastDecisionSequence,
            report.LastInputSequence,
            report.InputsChecked,
            compared,
            snapshot?.Snapshot.LastDecisionSequence,
            notes,
            [.. report.Findings, .. extra],
            report.FindingsOmitted);
    }

    private async Task CheckInputsAsync(int partition, JournalAuditor auditor, long? firstDecisionInput, List<string> notes, CancellationToken cancellationToken)
    {
        if (auditor.LastInputSequence == 0)
        {
            return;
        }

        long? firstInput = null;
        await foreach (var input in services.Inputs.ReadAsync(partition, 1, cancellationToken).ConfigureAwait(false))
        {
            if (input.Sequence > auditor.LastInputSequence)
            {
                break;
            }

            firstInput ??= input.Sequence;
            auditor.AddInput(input);
        }

        if (firstInput is null)
        {
            notes.Add("TB_INPUT no longer holds this partition's inputs: outcome checks skipped");
        }
        else if (firstDecisionInput is { } first && firstInput > first)
        {
            notes.Add($"TB_INPUT holds this partition's inputs from {firstInput} only (retention): outcomes checked from there");
        }
    }
}
