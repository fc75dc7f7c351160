using TicketBooking.LoadTests.Queue;
using TicketBooking.WaitingRoom;

namespace TicketBooking.LoadTests.Tests;

/// <summary>The queue's order checked from the outside, on crafted visitors pages.</summary>
public class QueueOrderVerifierTests
{
    private const long Seed = 0x5EED_1234_ABCD;
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);
    private static readonly long[] PreQueue = [105, 101, 109, 103, 107, 102];
    private static readonly long[] Late = [201, 203, 202];
    private static readonly QueueExpectation Expected = new(PreQueue, Late);

    /// <summary>The queue as it should be: the shuffle of the sorted pre-queue, then the late arrivals; admitted two a second in position order.</summary>
    private static List<VisitorRow> Queue(int admitted)
    {
        var order = SeededShuffle.Order([.. PreQueue.Order()], Seed).Concat(Late).ToList();
        return [.. order.Select((user, index) => new VisitorRow(
            index + 1,
            user,
            Start.AddSeconds(-10),
            index < admitted ? Start.AddSeconds(index / 2) : null,
            Offer: false,
            OrderedAt: null,
            LeftAt: null,
            PreQueue: index < PreQueue.Length))];
    }

    private static IReadOnlyList<Audit.AuditCheck> Check(IReadOnlyList<VisitorRow> earlier, IReadOnlyList<VisitorRow> final, long? seed = Seed, int? preQueueSize = null) =>
        QueueOrderVerifier.Check(Expected, seed, preQueueSize ?? PreQueue.Length, earlier, final);

    [Fact]
    public void The_recorded_shuffle_then_arrivals_admitted_in_order_and_once_passes_every_check()
    {
        var checks = Check(Queue(admitted: 4), Queue(admitted: 9));

        Assert.All(checks, check => Assert.True(check.Passed, check.Text));
        Assert.Equal(5, checks.Count);
    }

    [Fact]
    public void Two_pre_queue_visitors_swapped_fail_the_shuffle()
    {
        var final = Queue(admitted: 9);
        (final[1], final[2]) = (final[1] with { UserId = final[2].UserId }, final[2] with { UserId = final[1].UserId });

        var failed = Assert.Single(Check(Queue(0), final), check => !check.Passed);
        Assert.StartsWith("shuffle: position 2", failed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_seed_or_pre_queue_size_fails_the_shuffle()
    {
        Assert.Contains(Check(Queue(0), Queue(9), seed: Seed + 1), check => !check.Passed && check.Text.StartsWith("shuffle", StringComparison.Ordinal));
        Assert.Contains(Check(Queue(0), Queue(9), preQueueSize: 5), check => !check.Passed && check.Text.Contains("pre-queue of 5", StringComparison.Ordinal));
        Assert.Contains(Check(Queue(0), Queue(9), seed: null), check => !check.Passed && check.Text == "shuffle: the room shows no seed");
    }

    [Fact]
    public void Late_arrivals_out_of_arrival_order_fail()
    {
        var final = Queue(admitted: 9);
        (final[7], final[8]) = (final[7] with { UserId = final[8].UserId }, final[8] with { UserId = final[7].UserId });

        var failed = Assert.Single(Check(Queue(0), final), check => !check.Passed);
        Assert.StartsWith("arrivals: position 8", failed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gap_or_a_visitor_listed_twice_fails_the_positions()
    {
        var gap = Queue(admitted: 9);
        gap[4] = gap[4] with { Position = 12 };
        Assert.Contains(Check(Queue(0), gap), check => !check.Passed && check.Text.StartsWith("positions: 1 positions out of 1..N, first 12", StringComparison.Ordinal));

        var twice = Queue(admitted: 9);
        twice[5] = twice[5] with { UserId = twice[0].UserId };
        Assert.Contains(Check(Queue(0), twice), check => !check.Passed && check.Text.Contains("users at two positions", StringComparison.Ordinal));
    }

    [Fact]
    public void An_admission_ahead_of_an_earlier_position_or_someone_never_admitted_fails_the_order()
    {
        var skipped = Queue(admitted: 9);
        skipped[3] = skipped[3] with { AdmittedAt = null };
        Assert.Contains(Check(Queue(0), skipped), check => !check.Passed && check.Text == "admission order: 1 never admitted, first at position 4; 5 admitted before someone ahead of them, first at position 5");

        var earlierLater = Queue(admitted: 9);
        earlierLater[6] = earlierLater[6] with { AdmittedAt = Start.AddSeconds(-1) };
        Assert.Contains(Check(Queue(0), earlierLater), check => !check.Passed && check.Text.EndsWith("first at position 7", StringComparison.Ordinal));
    }

    [Fact]
    public void An_admission_that_changed_between_the_reads_is_an_admission_twice()
    {
        var final = Queue(admitted: 9);
        final[2] = final[2] with { AdmittedAt = final[2].AdmittedAt!.Value.AddSeconds(1) };

        var failed = Check(Queue(admitted: 4), final).Where(check => !check.Passed).ToList();
        Assert.Contains(failed, check => check.Text == $"admitted once: 1 of 4 earlier admissions differ in the final read, first user {final[2].UserId}");
    }

    [Fact]
    public void Followers_standings_and_ordered_marks_are_checked_against_the_list()
    {
        var final = Queue(admitted: 9);
        final[0] = final[0] with { OrderedAt = Start.AddSeconds(3) };
        var standing = new StandingView(StandingView.Admitted, 1, 0, null, false, false, false, "t", Start.AddMinutes(10));

        Assert.True(QueueOrderVerifier.StandingsAgree(new Dictionary<long, StandingView> { [final[0].UserId] = standing }, final).Passed);
        Assert.False(QueueOrderVerifier.StandingsAgree(new Dictionary<long, StandingView> { [final[1].UserId] = standing }, final).Passed);
        Assert.True(QueueOrderVerifier.OrderedMarks([final[0].UserId], final).Passed);
        Assert.False(QueueOrderVerifier.OrderedMarks([final[0].UserId, final[1].UserId], final).Passed);
    }
}
