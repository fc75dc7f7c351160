namespace TicketBooking.Audit;

/// <summary>The codes of <see cref="AuditFinding"/>: stable strings that scripts may match on.</summary>
public static class AuditCodes
{
    /// <summary>A batch on partition p's subject says another partition.</summary>
    public const string PartitionMismatch = "partition-mismatch";

    /// <summary>Decision sequences do not run 1, 2, 3, ... without gaps or repeats.</summary>
    public const string DecisionGap = "decision-gap";

    /// <summary>A batch's LastInputSequence is below the previous batch's.</summary>
    public const string InputPositionDecreased = "input-position-decreased";

    /// <summary>A decision names an input after its batch's LastInputSequence, or an input before the previous decision's.</summary>
    public const string InputOutOfOrder = "input-out-of-order";

    /// <summary>A decision would take a seat that a live order already holds or bought.</summary>
    public const string SeatTakenTwice = "seat-taken-twice";

    /// <summary>A decision settles an order that is not in a state it can leave that way (confirming an expired hold, ...).</summary>
    public const string IllegalTransition = "illegal-transition";

    /// <summary>A hold is extended more often than its session allows, or its extensions are not counted 1, 2, 3, ...</summary>
    public const string ExtensionBeyondLimit = "extension-beyond-limit";

    /// <summary>Applying a decision to the fold failed (an unknown order or session, an order created twice, ...).</summary>
    public const string FoldFailed = "fold-failed";

    /// <summary>A non-tick input up to the journal's last input has no outcome of its own.</summary>
    public const string MissingOutcome = "missing-outcome";

    /// <summary>An input has more than one outcome of its own, or a tick has one.</summary>
    public const string ExtraOutcome = "extra-outcome";

    /// <summary>A decision names an input that is not in the partition's input log.</summary>
    public const string UnknownInput = "unknown-input";

    /// <summary>An order is still held although the log's time passed its deadline: it never reached a final state.</summary>
    public const string HoldNotSettled = "hold-not-settled";

    /// <summary>The newest valid snapshot differs from the journal folded up to its last decision.</summary>
    public const string SnapshotMismatch = "snapshot-mismatch";

    /// <summary>The newest valid snapshot claims decisions the journal does not have (or could not fold up to).</summary>
    public const string SnapshotUnreachable = "snapshot-unreachable";
}
