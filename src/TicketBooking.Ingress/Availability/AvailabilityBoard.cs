namespace TicketBooking.Ingress.Availability;

/// <summary>The latest availability of each session, and a signal per session for those streaming its changes.</summary>
public sealed class AvailabilityBoard
{
    private readonly Dictionary<long, Entry> _sessions = [];
    private readonly Lock _gate = new();

    public AvailabilityView? Find(long sessionId)
    {
        lock (_gate)
        {
            return _sessions.GetValueOrDefault(sessionId)?.Latest;
        }
    }

    /// <summary>Keeps the newer of what is there and <paramref name="view"/>, and wakes the session's watchers.</summary>
    public void Publish(AvailabilityView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (!_sessions.TryGetValue(view.SessionId, out var entry))
            {
                entry = new Entry();
                _sessions.Add(view.SessionId, entry);
            }
            else if (entry.Latest is { } latest && latest.AsOfDecision >= view.AsOfDecision)
            {
                return;
            }

            entry.Latest = view;
            changed = entry.Changed;
            entry.Changed = NewSignal();
        }

        changed.TrySetResult();
    }

    /// <summary>The session's latest availability and a task that completes at its next change.</summary>
    public (AvailabilityView? Latest, Task Changed) Watch(long sessionId)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(sessionId, out var entry))
            {
                entry = new Entry();
                _sessions.Add(sessionId, entry);
            }

            return (entry.Latest, entry.Changed.Task);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Entry
    {
        public AvailabilityView? Latest { get; set; }

        public TaskCompletionSource Changed { get; set; } = NewSignal();
    }
}
