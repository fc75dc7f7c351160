using CsCheck;

namespace TicketBooking.WaitingRoom.Tests;

public sealed class AdmissionPlanTests
{
    [Fact]
    public void Nobody_is_due_before_the_sale_starts() =>
        Assert.Equal(0, AdmissionPlan.Target(Rooms.Settings(admitPerMinute: 600), Rooms.SaleStartsAt.AddTicks(-1)));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(60, 1)]
    [InlineData(61, 2)]
    [InlineData(600, 10)]
    [InlineData(1_000_000, 16_667)]
    public void The_first_seconds_share_is_due_at_the_start(int admitPerMinute, long expected) =>
        Assert.Equal(expected, AdmissionPlan.Target(Rooms.Settings(admitPerMinute: admitPerMinute), Rooms.SaleStartsAt));

    [Fact]
    public void The_rate_is_added_per_minute_counting_milliseconds()
    {
        var settings = Rooms.Settings(admitPerMinute: 120);

        Assert.Equal(2 + 120, AdmissionPlan.Target(settings, Rooms.SaleStartsAt.AddMinutes(1)));
        Assert.Equal(2 + 1, AdmissionPlan.Target(settings, Rooms.SaleStartsAt.AddMilliseconds(500)));
        Assert.Equal(2 + 0, AdmissionPlan.Target(settings, Rooms.SaleStartsAt.AddMilliseconds(499)));
    }

    [Fact]
    public void The_target_never_falls_as_time_goes_on() =>
        FixedSeeds.Check(
            Gen.Select(Gen.Int[1, 1_000_000], Gen.Long[0, TimeSpan.TicksPerDay], Gen.Long[0, TimeSpan.TicksPerHour]),
            input =>
            {
                var settings = Rooms.Settings(admitPerMinute: input.Item1);
                var earlier = Rooms.SaleStartsAt.AddTicks(input.Item2);
                Assert.True(AdmissionPlan.Target(settings, earlier) <= AdmissionPlan.Target(settings, earlier.AddTicks(input.Item3)));
            },
            iterations: 500,
            firstSeed: 15_101);

    [Fact]
    public void While_visitors_keep_waiting_the_credit_admits_what_the_target_says() =>
        FixedSeeds.Check(
            Gen.Select(Gen.Int[1, 100_000], Gen.Long[0, 9 * TimeSpan.TicksPerSecond].Array[1, 40]),
            input =>
            {
                var settings = Rooms.Settings(admitPerMinute: input.Item1);
                RateCredit? credit = null;
                var at = Rooms.SaleStartsAt;
                long admitted = 0;
                foreach (var gap in input.Item2)
                {
                    at = at.AddTicks(gap);
                    var available = AdmissionPlan.Credit(settings, credit, at);
                    var admits = AdmissionPlan.Admits(available);
                    admitted += admits;
                    credit = AdmissionPlan.Spend(available, admits);
                    Assert.Equal(AdmissionPlan.Target(settings, at), admitted);
                }
            },
            iterations: 300,
            firstSeed: 15_102);

    [Fact]
    public void A_queue_that_ran_dry_banks_no_more_than_ten_seconds_of_the_rate()
    {
        var settings = Rooms.Settings(admitPerMinute: 600);
        var afterAnHour = AdmissionPlan.Credit(settings, new RateCredit(0, Rooms.SaleStartsAt), Rooms.SaleStartsAt.AddHours(1));

        Assert.Equal(100, AdmissionPlan.Admits(afterAnHour));
        Assert.Equal(10, AdmissionPlan.Admits(AdmissionPlan.Credit(settings, AdmissionPlan.Spend(afterAnHour, 100), afterAnHour.At.AddSeconds(1))));
    }

    [Fact]
    public void No_credit_before_the_sale_starts() =>
        Assert.Equal(0, AdmissionPlan.Admits(AdmissionPlan.Credit(Rooms.Settings(admitPerMinute: 600), null, Rooms.SaleStartsAt.AddTicks(-1))));
}
