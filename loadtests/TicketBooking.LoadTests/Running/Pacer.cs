namespace TicketBooking.LoadTests.Running;

/// <summary>
/// Starts the requests of an <see cref="ArrivalSchedule"/> on time. It never waits for an answer:
/// the start callback must only hand the request off. If the pacer itself falls behind (a long
/// pause of the process), it starts every overdue request at once with its original scheduled
/// time, so the delay shows in the latencies instead of silently lowering the offered load.
/// </summary>
public sealed class Pacer
{
    private readonly ArrivalSchedule _schedule;
    private readonly TimeProvider _time;
    private readonly TimeSpan _resolution;

    /// <param name="schedule">The requests to start.</param>
    /// <param name="time">Clock and timers.</param>
    /// <param name="resolution">Shortest sleep; requests due within it start together.</param>
    public Pacer(ArrivalSchedule schedule, TimeProvider time, TimeSpan resolution)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(time);
        _schedule = schedule;
        _time = time;
        _resolution = resolution;
    }

    /// <summary>
    /// Calls <paramref name="start"/> with each request's index and scheduled timestamp, in order,
    /// no earlier than that timestamp. Returns when every request has been started.
    /// </summary>
    public async Task RunAsync(Action<long, long> start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        long origin = _time.GetTimestamp();
        long next = 0;
        long count = _schedule.Count;
        while (next < count)
        {
            long elapsed = _time.GetTimestamp() - origin;
            long due = _schedule.OffsetOf(next);
            if (due <= elapsed)
            {
                start(next, origin + due);
                next++;
                continue;
            }

            var wait = ToTimeSpan(due - elapsed);
            await Task.Delay(wait > _resolution ? wait : _resolution, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    // Rounded up, so the pacer never wakes before the next request is due.
    private TimeSpan ToTimeSpan(long timestampUnits)
    {
        return TimeSpan.FromTicks((long)Math.Ceiling(timestampUnits * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency));
    }
}
