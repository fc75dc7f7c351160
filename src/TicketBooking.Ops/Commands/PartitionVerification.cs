using TicketBooking.Audit;

namespace TicketBooking.Ops.Commands;

/// <summary>What <c>verify</c> found for one partition; serialized as is by <c>--json</c>.</summary>
public sealed record PartitionVerification(
    int Partition,
    long Batches,
    long Decisions,
    long LastDecisionSequence,
    long LastInputSequence,
    long InputsChecked,
    bool SnapshotCompared,
    long? SnapshotDecisionSequence,
    IReadOnlyList<string> Notes,
    IReadOnlyList<AuditFinding> Findings,
    int FindingsOmitted)
{
    public bool Ok => Findings.Count == 0 && FindingsOmitted == 0;
}

/// <summary>The whole <c>verify --json</c> document.</summary>
public sealed record VerificationResult(bool Ok, IReadOnlyList<PartitionVerification> Partitions);
