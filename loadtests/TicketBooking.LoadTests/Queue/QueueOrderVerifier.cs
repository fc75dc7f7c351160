using System.Globalization;
using TicketBooking.LoadTests.Audit;
using TicketBooking.WaitingRoom;

namespace TicketBooking.LoadTests.Queue;

/// <summary>Who the scenario put in the queue: the pre-queue (any order) and the later arrivals in the order they joined, one at a time.</summary>
public sealed record QueueExpectation(IReadOnlyCollection<long> PreQueue, IReadOnlyList<long> LateArrivals)
{
    public int Total => PreQueue.Count + LateArrivals.Count;
}

/// <summary>
/// Checks the queue the admin visitors pages show against what the scenario did, from the outside: positions dense and
/// unique, the pre-queue in the order <see cref="SeededShuffle"/> gives its sorted ids with the recorded seed, later
/// arrivals behind it in arrival order, everyone admitted in position order, and every admission of an earlier read
/// unchanged in the final one (nobody admitted twice).
/// </summary>
public static class QueueOrderVerifier
{
    private const int Examples = 3;

    /// <param name="expected">Who joined when.</param>
    /// <param name="seed">The room's recorded seed; null when it shows none.</param>
    /// <param name="preQueueSize">The room's pre-queue size.</param>
    /// <param name="earlier">A read of the pages while admission ran.</param>
    /// <param name="final">The read after everyone was admitted, in position order.</param>
    public static IReadOnlyList<AuditCheck> Check(QueueExpectation expected, long? seed, int preQueueSize, IReadOnlyList<VisitorRow> earlier, IReadOnlyList<VisitorRow> final)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(final);
        return [Positions(expected, final), Shuffle(expected, seed, preQueueSize, final), Arrivals(expected, preQueueSize, final), AdmissionOrder(final), AdmittedOnce(earlier, final)];
    }

    /// <summary>Each follower's last standing shows the position the organizer's list gives it.</summary>
    public static AuditCheck StandingsAgree(IReadOnlyDictionary<long, StandingView> lastStandings, IReadOnlyList<VisitorRow> final)
    {
        ArgumentNullException.ThrowIfNull(lastStandings);
        ArgumentNullException.ThrowIfNull(final);
        var positions = final.GroupBy(row => row.UserId).ToDictionary(group => group.Key, group => group.First().Position);
        var differing = lastStandings.Where(pair => pair.Value.Position is not { } position || !positions.TryGetValue(pair.Key, out var listed) || listed != position).Select(pair => pair.Key).ToList();
        return differing.Count == 0
            ? new AuditCheck(true, Invariant($"the {lastStandings.Count} followers' standings show the positions the organizer's list gives them"))
            : new AuditCheck(false, Invariant($"standings: {differing.Count} of {lastStandings.Count} followers saw another position than the list's, first user {differing[0]}"));
    }

    /// <summary>Every buyer whose purchase was accepted is marked ordered in the list.</summary>
    public static AuditCheck OrderedMarks(IReadOnlyCollection<long> acceptedBuyers, IReadOnlyList<VisitorRow> final)
    {
        ArgumentNullException.ThrowIfNull(acceptedBuyers);
        ArgumentNullException.ThrowIfNull(final);
        var ordered = final.Where(row => row.OrderedAt is not null).Select(row => row.UserId).ToHashSet();
        var unmarked = acceptedBuyers.Where(buyer => !ordered.Contains(buyer)).ToList();
        return unmarked.Count == 0
            ? new AuditCheck(true, Invariant($"the {acceptedBuyers.Count} accepted purchases are marked ordered ({ordered.Count} visitors marked)"))
            : new AuditCheck(false, Invariant($"ordered marks: {unmarked.Count} of {acceptedBuyers.Count} accepted buyers are not marked ordered, first user {unmarked[0]}"));
    }

    private static AuditCheck Positions(QueueExpectation expected, IReadOnlyList<VisitorRow> final)
    {
        var gaps = final.Select((row, index) => (row, index)).Where(pair => pair.row.Position != pair.index + 1).Select(pair => pair.row.Position).ToList();
        var repeated = final.GroupBy(row => row.UserId).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        var problems = new List<string>();
        if (final.Count != expected.Total)
        {
            problems.Add(Invariant($"{final.Count} visitors listed, {expected.Total} joined"));
        }

        if (gaps.Count > 0)
        {
            problems.Add(Invariant($"{gaps.Count} positions out of 1..N, first {string.Join(", ", gaps.Take(Examples))}"));
        }

        if (repeated.Count > 0)
        {
            problems.Add(Invariant($"{repeated.Count} users at two positions, first {string.Join(", ", repeated.Take(Examples))}"));
        }

        return problems.Count == 0
            ? new AuditCheck(true, Invariant($"positions 1..{final.Count} dense, one per visitor"))
            : new AuditCheck(false, "positions: " + string.Join("; ", problems));
    }

    private static AuditCheck Shuffle(QueueExpectation expected, long? seed, int preQueueSize, IReadOnlyList<VisitorRow> final)
    {
        if (seed is not { } recorded)
        {
            return new AuditCheck(false, "shuffle: the room shows no seed");
        }

        if (preQueueSize != expected.PreQueue.Count)
        {
            return new AuditCheck(false, Invariant($"shuffle: pre-queue of {preQueueSize}, but {expected.PreQueue.Count} joined before the start"));
        }

        var order = SeededShuffle.Order([.. expected.PreQueue.Order()], recorded);
        var listed = final.Take(preQueueSize).Select(row => row.UserId).ToList();
        var first = Enumerable.Range(0, order.Length).FirstOrDefault(i => i >= listed.Count || listed[i] != order[i], -1);
        return first < 0
            ? new AuditCheck(true, Invariant($"positions 1..{preQueueSize} are SeededShuffle(seed {recorded}) of the sorted pre-queue ids"))
            : new AuditCheck(false, Invariant($"shuffle: position {first + 1} holds {(first < listed.Count ? listed[first].ToString(CultureInfo.InvariantCulture) : "nobody")}, SeededShuffle(seed {recorded}) puts {order[first]} there"));
    }

    private static AuditCheck Arrivals(QueueExpectation expected, int preQueueSize, IReadOnlyList<VisitorRow> final)
    {
        var listed = final.Skip(preQueueSize).Select(row => row.UserId).ToList();
        var late = expected.LateArrivals;
        var first = Enumerable.Range(0, Math.Max(listed.Count, late.Count)).FirstOrDefault(i => i >= listed.Count || i >= late.Count || listed[i] != late[i], -1);
        return first < 0
            ? new AuditCheck(true, Invariant($"the {late.Count} later arrivals follow at {preQueueSize + 1}.. in arrival order"))
            : new AuditCheck(false, Invariant($"arrivals: position {preQueueSize + first + 1} holds {(first < listed.Count ? listed[first].ToString(CultureInfo.InvariantCulture) : "nobody")}, the {first + 1}th later arrival was {(first < late.Count ? late[first].ToString(CultureInfo.InvariantCulture) : "nobody")}"));
    }

    private static AuditCheck AdmissionOrder(IReadOnlyList<VisitorRow> final)
    {
        var waiting = final.Where(row => row.AdmittedAt is null).ToList();
        var outOfOrder = new List<long>();
        DateTimeOffset? previous = null;
        bool gapSeen = false;
        foreach (var row in final)
        {
            if (row.AdmittedAt is not { } admitted)
            {
                gapSeen = true;
                continue;
            }

            if (gapSeen || (previous is { } before && admitted < before))
            {
                outOfOrder.Add(row.Position);
            }

            previous = admitted;
        }

        if (waiting.Count == 0 && outOfOrder.Count == 0)
        {
            return new AuditCheck(true, Invariant($"all {final.Count} admitted in position order (admittedAt never decreases along positions)"));
        }

        var problems = new List<string>();
        if (waiting.Count > 0)
        {
            problems.Add(Invariant($"{waiting.Count} never admitted, first at position {waiting[0].Position}"));
        }

        if (outOfOrder.Count > 0)
        {
            problems.Add(Invariant($"{outOfOrder.Count} admitted before someone ahead of them, first at position {outOfOrder[0]}"));
        }

        return new AuditCheck(false, "admission order: " + string.Join("; ", problems));
    }

    private static AuditCheck AdmittedOnce(IReadOnlyList<VisitorRow> earlier, IReadOnlyList<VisitorRow> final)
    {
        var byUser = final.GroupBy(row => row.UserId).ToDictionary(group => group.Key, group => group.First());
        var admitted = earlier.Where(row => row.AdmittedAt is not null).ToList();
        var changed = admitted.Where(row => !byUser.TryGetValue(row.UserId, out var now) || now.AdmittedAt != row.AdmittedAt || now.Position != row.Position).ToList();
        return changed.Count == 0
            ? new AuditCheck(true, Invariant($"admitted once: the {admitted.Count} admissions of the read while admitting are unchanged in the final read"))
            : new AuditCheck(false, Invariant($"admitted once: {changed.Count} of {admitted.Count} earlier admissions differ in the final read, first user {changed[0].UserId}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
