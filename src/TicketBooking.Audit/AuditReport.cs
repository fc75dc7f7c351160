namespace TicketBooking.Audit;

/// <summary>What <see cref="JournalAuditor"/> checked and found for one partition.</summary>
public sealed record AuditReport(
    int Partition,
    long Batches,
    long Decisions,
    long LastDecisionSequence,
    long LastInputSequence,
    long InputsChecked,
    IReadOnlyList<AuditFinding> Findings)
{
    /// <summary>Findings beyond <see cref="JournalAuditor.MaxFindings"/>, counted but not kept.</summary>
    public int FindingsOmitted { get; init; }

    public bool Ok => Findings.Count == 0 && FindingsOmitted == 0;
}
