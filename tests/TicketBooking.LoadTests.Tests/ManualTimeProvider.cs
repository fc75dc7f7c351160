namespace TicketBooking.LoadTests.Tests;

/// <summary>
/// A clock that moves only when a test says so (10,000,000 units a second, as TimeSpan ticks).
/// Timers fire on the thread that advances the clock.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _armed = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource Created)> _watchers = [];
    private TaskCompletionSource _armedSignal = NewSignal();
    private long _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _now);

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(GetTimestamp());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        List<TaskCompletionSource> matched = [];
        lock (_gate)
        {
            foreach (var watcher in _watchers.Where(watcher => watcher.Match(dueTime)).ToList())
            {
                _watchers.Remove(watcher);
                matched.Add(watcher.Created);
            }
        }

        matched.ForEach(created => created.TrySetResult());
        return timer;
    }

    /// <summary>Completes once a timer with a due time matching <paramref name="match"/> is created.</summary>
    public Task TimerCreated(Func<TimeSpan, bool> match)
    {
        var created = NewSignal();
        lock (_gate)
        {
            _watchers.Add((match, created));
        }

        return created.Task;
    }

    /// <summary>Completes when at least one timer is armed.</summary>
    public Task WhenTimerArmed()
    {
        lock (_gate)
        {
            return _armed.Count > 0 ? Task.CompletedTask : _armedSignal.Task;
        }
    }

    /// <summary>Moves the clock forward and fires every timer that came due.</summary>
    public void Advance(TimeSpan by)
    {
        Interlocked.Add(ref _now, by.Ticks);
        FireDue();
    }

    /// <summary>Moves the clock to the earliest armed timer and fires it (and any other then due).</summary>
    public void AdvanceToNextTimer()
    {
        long next;
        lock (_gate)
        {
            next = _armed.Min(timer => timer.DueAt);
        }

        if (next > GetTimestamp())
        {
            Interlocked.Exchange(ref _now, next);
        }

        FireDue();
    }

    private void FireDue()
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            long now = GetTimestamp();
            due = [.. _armed.Where(timer => timer.DueAt <= now).OrderBy(timer => timer.DueAt)];
            due.ForEach(timer => _armed.Remove(timer));
        }

        due.ForEach(timer => timer.Fire());
    }

    private void Arm(ManualTimer timer, long dueAt)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            _armed.Remove(timer);
            timer.DueAt = dueAt;
            _armed.Add(timer);
            signal = _armedSignal;
            _armedSignal = NewSignal();
        }

        signal.TrySetResult();
    }

    private void Disarm(ManualTimer timer)
    {
        lock (_gate)
        {
            _armed.Remove(timer);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero)
            {
                throw new NotSupportedException("Periodic timers are not needed by the code under test.");
            }

            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                owner.Disarm(this);
            }
            else
            {
                owner.Arm(this, owner.GetTimestamp() + dueTime.Ticks);
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Disarm(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
