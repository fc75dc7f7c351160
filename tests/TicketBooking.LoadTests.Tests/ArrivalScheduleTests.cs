using TicketBooking.LoadTests.Running;

namespace TicketBooking.LoadTests.Tests;

public class ArrivalScheduleTests
{
    [Fact]
    public void A_step_schedules_rate_times_seconds_requests_and_measures_those_after_the_warmup()
    {
        var schedule = new ArrivalSchedule(new LoadStep(2000, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)), TimeSpan.TicksPerSecond);

        Assert.Equal(50_000, schedule.Count);
        Assert.Equal(10_000, schedule.FirstMeasured);
        Assert.Equal(40_000, schedule.MeasuredCount);
        Assert.False(schedule.IsMeasured(9_999));
        Assert.True(schedule.IsMeasured(10_000));
        Assert.Equal(TimeSpan.FromSeconds(5).Ticks, schedule.OffsetOf(10_000));
    }

    [Theory]
    [InlineData(100, 1_000_000_000L)]
    [InlineData(3, 10_000_000L)]
    [InlineData(0.5, 10_000_000L)]
    public void Request_i_is_due_i_over_rate_seconds_after_the_start(double rate, long frequency)
    {
        var schedule = new ArrivalSchedule(new LoadStep(rate, TimeSpan.Zero, TimeSpan.FromSeconds(10)), frequency);

        Assert.Equal((long)Math.Ceiling(rate * 10), schedule.Count);
        for (long i = 0; i < schedule.Count; i++)
        {
            Assert.Equal(i * frequency / rate, schedule.OffsetOf(i), tolerance: 1);
            Assert.True(schedule.OffsetOf(i) < 10 * frequency);
        }
    }

    [Fact]
    public void A_step_needs_a_positive_rate_and_duration()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArrivalSchedule(new LoadStep(0, TimeSpan.Zero, TimeSpan.FromSeconds(1)), 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArrivalSchedule(new LoadStep(10, TimeSpan.Zero, TimeSpan.Zero), 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArrivalSchedule(new LoadStep(10, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1)), 1000));
    }
}
