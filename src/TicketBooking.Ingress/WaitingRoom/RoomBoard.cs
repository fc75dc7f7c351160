using TicketBooking.WaitingRoom;

namespace TicketBooking.Ingress.WaitingRoom;

/// <summary>
/// The latest <see cref="RoomStatus"/> of every waiting room this instance knows, and a signal per session for the
/// long polls and streams of its queue: what position, ETA and admission reads answer from, without a query per
/// waiting buyer. Fed by <see cref="RoomBoardListener"/> (and by this instance's own writes).
/// </summary>
public sealed class RoomBoard
{
    private readonly Dictionary<long, Entry> _rooms = [];
    private readonly Lock _gate = new();

    /// <summary>The session's room, or null when it has none (as far as this instance knows).</summary>
    public RoomStatus? Find(long sessionId)
    {
        lock (_gate)
        {
            return _rooms.GetValueOrDefault(sessionId)?.Latest;
        }
    }

    /// <summary>Every room known, for the metrics.</summary>
    public List<RoomStatus> All()
    {
        lock (_gate)
        {
            return [.. _rooms.Values.Select(entry => entry.Latest).OfType<RoomStatus>()];
        }
    }

    /// <summary>
    /// Keeps the newer of what is there and <paramref name="room"/> (by <see cref="RoomStatus.Version"/>, which every
    /// change of a room raises), and wakes the session's watchers when it changed.
    /// </summary>
    public void Publish(RoomStatus room)
    {
        ArgumentNullException.ThrowIfNull(room);
        TaskCompletionSource changed;
        lock (_gate)
        {
            var entry = EntryOf(room.Settings.SessionId);
            if (entry.Latest is { } latest && latest.Version >= room.Version)
            {
                return;
            }

            entry.Latest = room;
            changed = entry.Changed;
            entry.Changed = NewSignal();
        }

        changed.TrySetResult();
    }

    /// <summary>The session's room as now and a task that completes at its next change.</summary>
    public (RoomStatus? Latest, Task Changed) Watch(long sessionId)
    {
        lock (_gate)
        {
            var entry = EntryOf(sessionId);
            return (entry.Latest, entry.Changed.Task);
        }
    }

    private Entry EntryOf(long sessionId)
    {
        if (!_rooms.TryGetValue(sessionId, out var entry))
        {
            entry = new Entry();
            _rooms.Add(sessionId, entry);
        }

        return entry;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Entry
    {
        public RoomStatus? Latest { get; set; }

        public TaskCompletionSource Changed { get; set; } = NewSignal();
    }
}
