namespace TicketBooking.WaitingRoom;

/// <summary>Checks a room's queue against its record: the shuffle, the positions and the admissions.</summary>
public static class QueueAudit
{
    public const string ShuffleMismatch = "shuffle-mismatch";
    public const string PositionsNotDense = "positions-not-dense";
    public const string AdmissionOutOfOrder = "admission-out-of-order";
    public const string AdmittedAboveAdmittedThrough = "admitted-above-admitted-through";
    public const string AdmittedCountMismatch = "admitted-count-mismatch";
    public const string ExpiryBeforeAdmission = "expiry-before-admission";

    /// <param name="visitorsByPosition">Every positioned visitor of the room, in position order.</param>
    public static IReadOnlyList<QueueAuditFinding> Check(RoomStatus room, IReadOnlyList<Visitor> visitorsByPosition) => throw new NotImplementedException();
}
