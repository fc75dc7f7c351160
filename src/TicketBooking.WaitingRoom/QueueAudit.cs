namespace TicketBooking.WaitingRoom;

/// <summary>
/// Checks a room's queue against its record: that the pre-queue's positions are the recorded seed's shuffle of its
/// ids, that positions are 1..last_position without a gap, and that admissions followed the positions.
/// </summary>
public static class QueueAudit
{
    /// <summary>Positions 1..pre_queue_size are not <see cref="SeededShuffle.Order"/> of their ids with the seed.</summary>
    public const string ShuffleMismatch = "shuffle-mismatch";

    /// <summary>The positions are not exactly 1..last_position, each once.</summary>
    public const string PositionsNotDense = "positions-not-dense";

    /// <summary>A visitor was admitted before one ahead of them, or one ahead was passed over without having left.</summary>
    public const string AdmissionOutOfOrder = "admission-out-of-order";

    /// <summary>A visitor above admitted_through is admitted.</summary>
    public const string AdmittedAboveAdmittedThrough = "admitted-above-admitted-through";

    /// <summary>admitted_count is not the number of admitted visitors.</summary>
    public const string AdmittedCountMismatch = "admitted-count-mismatch";

    /// <summary>An admission expires before (or when) it was made.</summary>
    public const string ExpiryBeforeAdmission = "expiry-before-admission";

    private const int MaxFindingsPerKind = 10;

    /// <param name="visitorsByPosition">Every positioned visitor of the room, in position order.</param>
    public static IReadOnlyList<QueueAuditFinding> Check(RoomStatus room, IReadOnlyList<Visitor> visitorsByPosition)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(visitorsByPosition);
        var findings = new Findings();
        CheckPositions(room, visitorsByPosition, findings);
        CheckShuffle(room, visitorsByPosition, findings);
        CheckAdmissions(room, visitorsByPosition, findings);
        return findings.All;
    }

    private static void CheckPositions(RoomStatus room, IReadOnlyList<Visitor> visitors, Findings findings)
    {
        for (var i = 0; i < visitors.Count; i++)
        {
            if (visitors[i].Position != i + 1)
            {
                findings.Add(PositionsNotDense, $"The visitor at index {i} (user {visitors[i].UserId}) holds position {Show(visitors[i].Position)}, not {i + 1}.");
            }
        }

        if (visitors.Count != room.LastPosition)
        {
            findings.Add(PositionsNotDense, $"{visitors.Count} visitors hold a position, but last_position is {room.LastPosition}.");
        }
    }

    private static void CheckShuffle(RoomStatus room, IReadOnlyList<Visitor> visitors, Findings findings)
    {
        if (room.Seed is not { } seed)
        {
            if (room.PreQueueSize != 0 || visitors.Count != 0)
            {
                findings.Add(ShuffleMismatch, $"No seed is recorded, yet the pre-queue holds {room.PreQueueSize} and {visitors.Count} visitors hold a position.");
            }

            return;
        }

        var preQueue = visitors.Where(visitor => visitor.Position is { } position && position <= room.PreQueueSize).ToArray();
        if (preQueue.Length != room.PreQueueSize)
        {
            findings.Add(ShuffleMismatch, $"pre_queue_size is {room.PreQueueSize}, but {preQueue.Length} visitors hold positions in it.");
            return;
        }

        var ids = preQueue.Select(visitor => visitor.UserId).Order().ToArray();
        var expected = SeededShuffle.Order(ids, seed);
        for (var i = 0; i < expected.Length; i++)
        {
            if (preQueue[i].UserId != expected[i])
            {
                findings.Add(ShuffleMismatch, $"Position {preQueue[i].Position} holds user {preQueue[i].UserId}; the shuffle with seed {seed} puts user {expected[i]} there.");
            }
        }
    }

    private static void CheckAdmissions(RoomStatus room, IReadOnlyList<Visitor> visitors, Findings findings)
    {
        var admitted = 0L;
        Visitor? previous = null;
        foreach (var visitor in visitors)
        {
            if (visitor.AdmittedAt is not { } admittedAt)
            {
                if (visitor.Position <= room.AdmittedThrough && visitor.LeftAt is null)
                {
                    findings.Add(AdmissionOutOfOrder, $"Position {visitor.Position} (user {visitor.UserId}) was passed over (admitted through {room.AdmittedThrough}) without having left.");
                }

                continue;
            }

            admitted++;
            if (previous is not null && admittedAt < previous.AdmittedAt)
            {
                findings.Add(AdmissionOutOfOrder, $"Position {visitor.Position} (user {visitor.UserId}) was admitted at {admittedAt:O}, before position {previous.Position} at {previous.AdmittedAt:O}.");
            }

            if (visitor.Position > room.AdmittedThrough)
            {
                findings.Add(AdmittedAboveAdmittedThrough, $"Position {visitor.Position} (user {visitor.UserId}) is admitted, above admitted_through {room.AdmittedThrough}.");
            }

            if (visitor.AdmissionExpiresAt is not { } expiresAt || expiresAt <= admittedAt)
            {
                findings.Add(ExpiryBeforeAdmission, $"Position {visitor.Position} (user {visitor.UserId}) was admitted at {admittedAt:O} and expires at {Show(visitor.AdmissionExpiresAt)}.");
            }

            previous = visitor;
        }

        if (admitted != room.AdmittedCount)
        {
            findings.Add(AdmittedCountMismatch, $"{admitted} visitors are admitted, but admitted_count is {room.AdmittedCount}.");
        }
    }

    private static string Show<T>(T? value)
        where T : struct => value?.ToString() ?? "none";

    /// <summary>At most <see cref="MaxFindingsPerKind"/> findings of each kind, then one that says how many more there were.</summary>
    private sealed class Findings
    {
        private readonly List<QueueAuditFinding> _all = [];
        private readonly Dictionary<string, int> _counts = [];

        public IReadOnlyList<QueueAuditFinding> All
        {
            get
            {
                var all = new List<QueueAuditFinding>(_all);
                foreach (var (kind, count) in _counts.Where(pair => pair.Value > MaxFindingsPerKind).OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    all.Add(new QueueAuditFinding(kind, $"... and {count - MaxFindingsPerKind} more of this kind."));
                }

                return all;
            }
        }

        public void Add(string kind, string detail)
        {
            var count = _counts.GetValueOrDefault(kind) + 1;
            _counts[kind] = count;
            if (count <= MaxFindingsPerKind)
            {
                _all.Add(new QueueAuditFinding(kind, detail));
            }
        }
    }
}
