using TicketBooking.LoadTests.Queue;

namespace TicketBooking.LoadTests.Tests;

/// <summary>The queue scenario's rates and purchase tallies.</summary>
public class QueueFiguresTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_rate_counts_whole_seconds_from_the_first_event_and_leaves_the_last_second_out_of_the_median()
    {
        // 10, 0, 30 and 40 events in four seconds, then 1 in the fifth, cut short by the end of the run.
        var instants = new List<DateTimeOffset>();
        foreach (var (second, count) in new[] { (0, 10), (2, 30), (3, 40), (4, 1) })
        {
            instants.AddRange(Enumerable.Range(0, count).Select(i => Start.AddSeconds(second + (i / 100.0))));
        }

        var rate = RateSeries.Of(instants);

        Assert.Equal(81, rate.Count);
        Assert.Equal(20, rate.MedianPerSecond);
        Assert.Equal(40, rate.PeakPerSecond);
        Assert.Equal(Math.Round(81 / 4.0, 1), rate.MeanPerSecond);
    }

    [Fact]
    public void No_events_make_a_zero_rate_and_one_second_its_count()
    {
        Assert.Equal(new RateSeries(0, 0, 0, 0, 0), RateSeries.Of([]));
        Assert.Equal(3, RateSeries.Of([Start, Start, Start]).MedianPerSecond);
    }

    [Fact]
    public void Own_tokens_accepted_and_every_other_purchase_refused_with_the_admission_problem_pass()
    {
        var tally = new PurchaseTally();
        tally.Record(PurchaseAttempt.NoToken, 1, 403, PurchaseTally.AdmissionRequired);
        tally.Record(PurchaseAttempt.MalformedToken, 1, 403, PurchaseTally.AdmissionRequired);
        tally.Record(PurchaseAttempt.OthersToken, 1, 403, PurchaseTally.AdmissionRequired);
        tally.Record(PurchaseAttempt.OwnToken, 1, 202, null);

        Assert.All(tally.Checks(), check => Assert.True(check.Passed, check.Text));
        Assert.Equal([1L], tally.AcceptedBuyers);
        Assert.Equal(1, tally.Answers()["own-token 202"]);
    }

    [Theory]
    [InlineData(202, PurchaseTally.AdmissionRequired)]
    [InlineData(403, "https://ticketbooking.dev/problems/forbidden")]
    [InlineData(429, null)]
    public void A_purchase_without_a_valid_token_not_refused_with_the_admission_problem_fails(int status, string? problemType)
    {
        var tally = new PurchaseTally();
        tally.Record(PurchaseAttempt.OwnToken, 1, 202, null);
        tally.Record(PurchaseAttempt.NoToken, 2, 403, PurchaseTally.AdmissionRequired);
        tally.Record(PurchaseAttempt.OthersToken, 2, status, problemType);

        var checks = tally.Checks();
        Assert.True(checks[0].Passed);
        Assert.False(checks[1].Passed, checks[1].Text);
    }

    [Fact]
    public void An_own_token_refused_or_no_refusal_sent_fails()
    {
        var tally = new PurchaseTally();
        tally.Record(PurchaseAttempt.OwnToken, 1, 403, PurchaseTally.AdmissionRequired);

        Assert.All(tally.Checks(), check => Assert.False(check.Passed, check.Text));
        Assert.Empty(tally.AcceptedBuyers);
    }

    [Fact]
    public void A_standing_changes_with_its_position_state_or_flags_but_not_with_its_token()
    {
        var waiting = new StandingView(StandingView.Waiting, 10, 9, 1, false, false, false, null, null);

        Assert.True(waiting.DiffersFrom(null));
        Assert.False(waiting.DiffersFrom(waiting with { EtaSeconds = 2 }));
        Assert.True(waiting.DiffersFrom(waiting with { Ahead = 8 }));
        var admitted = waiting with { State = StandingView.Admitted, Ahead = 0, AdmissionToken = "a" };
        Assert.False(admitted.DiffersFrom(admitted with { AdmissionToken = "b" }));
        Assert.True(admitted.DiffersFrom(waiting));
    }
}
