using TicketBooking.LoadTests.Running;

namespace TicketBooking.LoadTests.Tests;

public class PacerTests
{
    private static readonly long Ms = TimeSpan.TicksPerMillisecond;

    [Fact]
    public async Task Each_request_starts_exactly_at_its_scheduled_time_in_order()
    {
        var time = new ManualTimeProvider();
        var schedule = new ArrivalSchedule(new LoadStep(100, TimeSpan.Zero, TimeSpan.FromSeconds(0.2)), time.TimestampFrequency);
        var starts = new List<(long Index, long Scheduled, long Actual)>();

        await RunToEnd(time, new Pacer(schedule, time, TimeSpan.FromMilliseconds(1)), (index, scheduled) => starts.Add((index, scheduled, time.GetTimestamp())));

        Assert.Equal(20, starts.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), starts.Select(start => start.Index));
        Assert.All(starts, start => Assert.Equal(start.Index * 10 * Ms, start.Scheduled));
        Assert.All(starts, start => Assert.Equal(start.Scheduled, start.Actual));
    }

    [Fact]
    public async Task After_a_stall_overdue_requests_start_at_once_and_keep_their_scheduled_times()
    {
        var time = new ManualTimeProvider();
        var schedule = new ArrivalSchedule(new LoadStep(100, TimeSpan.Zero, TimeSpan.FromSeconds(0.1)), time.TimestampFrequency);
        var starts = new List<(long Index, long Scheduled, long Actual)>();

        await RunToEnd(time, new Pacer(schedule, time, TimeSpan.FromMilliseconds(1)), (index, scheduled) =>
        {
            starts.Add((index, scheduled, time.GetTimestamp()));
            if (index == 3)
            {
                time.Advance(TimeSpan.FromMilliseconds(50)); // the process stalls from 30 ms to 80 ms
            }
        });

        Assert.Equal(10, starts.Count);
        Assert.All(starts, start => Assert.Equal(start.Index * 10 * Ms, start.Scheduled));
        Assert.Equal([0, 10 * Ms, 20 * Ms, 30 * Ms, 80 * Ms, 80 * Ms, 80 * Ms, 80 * Ms, 80 * Ms, 90 * Ms], starts.Select(start => start.Actual));
    }

    [Fact]
    public async Task Requests_closer_than_the_resolution_start_together_without_moving_their_schedule()
    {
        var time = new ManualTimeProvider();
        var schedule = new ArrivalSchedule(new LoadStep(4000, TimeSpan.Zero, TimeSpan.FromMilliseconds(2)), time.TimestampFrequency);
        var starts = new List<(long Scheduled, long Actual)>();

        await RunToEnd(time, new Pacer(schedule, time, TimeSpan.FromMilliseconds(1)), (_, scheduled) => starts.Add((scheduled, time.GetTimestamp())));

        Assert.Equal([0, 2_500, 5_000, 7_500, 10_000, 12_500, 15_000, 17_500], starts.Select(start => start.Scheduled));
        Assert.Equal([0, 10_000, 10_000, 10_000, 10_000, 20_000, 20_000, 20_000], starts.Select(start => start.Actual));
    }

    // Fires the pacer's timers one after another until it has started every request.
    private static async Task RunToEnd(ManualTimeProvider time, Pacer pacer, Action<long, long> start)
    {
        var run = pacer.RunAsync(start, CancellationToken.None);
        while (!run.IsCompleted)
        {
            if (await Task.WhenAny(run, time.WhenTimerArmed()) == run)
            {
                break;
            }

            time.AdvanceToNextTimer();
        }

        await run;
    }
}
