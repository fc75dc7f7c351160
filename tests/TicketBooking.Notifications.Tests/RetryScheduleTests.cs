namespace TicketBooking.Notifications.Tests;

public sealed class RetryScheduleTests
{
    private static readonly RetrySchedule Schedule = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), MaxAttempts: 6, JitterFraction: 0.2);

    [Fact]
    public void Delays_double_from_the_first_up_to_the_cap()
    {
        var delays = Enumerable.Range(1, 5).Select(failed => Schedule.DelayAfter(failed, random: 0)).ToList();

        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(60)], delays);
    }

    [Fact]
    public void Jitter_adds_at_most_its_fraction()
    {
        Assert.Equal(TimeSpan.FromSeconds(10 * 1.1), Schedule.DelayAfter(2, random: 0.5));
        Assert.True(Schedule.DelayAfter(2, random: 0.999999) < TimeSpan.FromSeconds(12));
    }

    [Fact]
    public void No_attempt_is_left_after_the_last()
    {
        Assert.NotNull(Schedule.DelayAfter(5, 0));
        Assert.Null(Schedule.DelayAfter(6, 0));
        Assert.Null(Schedule.DelayAfter(7, 0));
    }

    [Fact]
    public void Many_failures_do_not_overflow_the_delay()
    {
        var long_ = new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), MaxAttempts: 1_000, JitterFraction: 0);

        Assert.Equal(TimeSpan.FromDays(1), long_.DelayAfter(999, 0));
    }
}
