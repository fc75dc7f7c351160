namespace TicketBooking.WaitingRoom.Tests;

public sealed class QueueAuditTests
{
    private const long Seed = 20_261_203;
    private static readonly DateTimeOffset First = Rooms.SaleStartsAt;

    /// <summary>A queue as the admitter leaves it: 6 shuffled, 2 later arrivals; 3 admitted, the 4th left before its turn.</summary>
    private static (RoomStatus Room, List<Visitor> Visitors) Clean()
    {
        var order = SeededShuffle.Order([11, 12, 13, 14, 15, 16], Seed);
        var visitors = order.Select((id, i) => Rooms.Waiting(id, i + 1)).ToList();
        visitors.Add(Rooms.Waiting(21, 7, First.AddMinutes(1)));
        visitors.Add(Rooms.Waiting(22, 8, First.AddMinutes(2)));
        visitors[0] = Rooms.Admitted(visitors[0].UserId, 1, First);
        visitors[1] = Rooms.Admitted(visitors[1].UserId, 2, First);
        visitors[2] = Rooms.Admitted(visitors[2].UserId, 3, First.AddSeconds(1));
        visitors[3] = visitors[3] with { LeftAt = First };
        visitors[4] = Rooms.Admitted(visitors[4].UserId, 5, First.AddSeconds(2));
        var room = Rooms.Status() with
        {
            Seed = Seed,
            ShuffledAt = First,
            PreQueueSize = 6,
            LastPosition = 8,
            AdmittedThrough = 5,
            AdmittedCount = 4,
        };
        return (room, visitors);
    }

    [Fact]
    public void A_queue_the_admitter_kept_has_no_findings()
    {
        var (room, visitors) = Clean();

        Assert.Empty(QueueAudit.Check(room, visitors));
    }

    [Fact]
    public void Pre_queue_positions_that_are_not_the_seeds_shuffle_are_found()
    {
        var (room, visitors) = Clean();
        (visitors[4], visitors[5]) = (visitors[5] with { Position = 5 }, visitors[4] with { Position = 6 });

        Assert.Contains(QueueAudit.Check(room, visitors), finding => finding.Kind == QueueAudit.ShuffleMismatch);
        Assert.Contains(QueueAudit.Check(room with { Seed = Seed + 1 }, Clean().Visitors), finding => finding.Kind == QueueAudit.ShuffleMismatch);
    }

    [Fact]
    public void A_gap_or_a_doubled_position_is_found()
    {
        var (room, visitors) = Clean();
        var gap = visitors.Take(7).ToList();
        var doubled = visitors.ToList();
        doubled[7] = doubled[7] with { Position = 7 };

        Assert.Contains(QueueAudit.Check(room, gap), finding => finding.Kind == QueueAudit.PositionsNotDense);
        Assert.Contains(QueueAudit.Check(room, doubled), finding => finding.Kind == QueueAudit.PositionsNotDense);
    }

    [Fact]
    public void An_admission_before_one_ahead_of_it_is_found()
    {
        var (room, visitors) = Clean();
        visitors[4] = visitors[4] with { AdmittedAt = First.AddMilliseconds(-1) };

        Assert.Contains(QueueAudit.Check(room, visitors), finding => finding.Kind == QueueAudit.AdmissionOutOfOrder);
    }

    [Fact]
    public void A_visitor_passed_over_without_having_left_is_found()
    {
        var (room, visitors) = Clean();
        visitors[3] = visitors[3] with { LeftAt = null };

        Assert.Contains(QueueAudit.Check(room, visitors), finding => finding.Kind == QueueAudit.AdmissionOutOfOrder);
    }

    [Fact]
    public void An_admission_above_admitted_through_is_found()
    {
        var (room, visitors) = Clean();
        visitors[6] = Rooms.Admitted(visitors[6].UserId, 7, First.AddSeconds(3));

        var findings = QueueAudit.Check(room with { AdmittedCount = 5 }, visitors);
        Assert.Contains(findings, finding => finding.Kind == QueueAudit.AdmittedAboveAdmittedThrough);
    }

    [Fact]
    public void An_admitted_count_that_is_not_the_admitted_rows_is_found()
    {
        var (room, visitors) = Clean();

        Assert.Contains(QueueAudit.Check(room with { AdmittedCount = 5 }, visitors), finding => finding.Kind == QueueAudit.AdmittedCountMismatch);
    }

    [Fact]
    public void An_admission_that_expires_before_it_was_made_is_found()
    {
        var (room, visitors) = Clean();
        visitors[0] = visitors[0] with { AdmissionExpiresAt = visitors[0].AdmittedAt!.Value.AddSeconds(-1) };

        Assert.Contains(QueueAudit.Check(room, visitors), finding => finding.Kind == QueueAudit.ExpiryBeforeAdmission);
    }

    [Fact]
    public void A_fault_repeated_everywhere_is_reported_a_few_times_and_counted()
    {
        var ids = Enumerable.Range(1, 100).Select(id => (long)id).ToArray();
        var visitors = ids.Select((id, i) => Rooms.Waiting(id, i + 1)).ToList();
        var room = Rooms.Status() with { Seed = Seed, ShuffledAt = First, PreQueueSize = 100, LastPosition = 100 };

        var findings = QueueAudit.Check(room, visitors);
        Assert.InRange(findings.Count, 2, 11);
        Assert.Contains("more of this kind", findings[^1].Detail, StringComparison.Ordinal);
    }
}
