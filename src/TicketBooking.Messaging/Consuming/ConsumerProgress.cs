using NATS.Client.JetStream;

namespace TicketBooking.Messaging.Consuming;

/// <summary>
/// Where one consumer stands, for readiness and metrics: whether it has a live consumer on the server now, the
/// stream sequence of the last message it delivered, and how many messages the server still had for it then
/// (<see cref="NatsJSMsgMetadata.NumPending"/>, or the consumer's pending count when it was created).
/// </summary>
public sealed class ConsumerProgress(string name)
{
    private long _lastSequence;
    private long _pending;
    private int _live;

    /// <summary>What the consumer follows, as its health check and metrics name it (<c>decisions</c>, <c>settlement</c>).</summary>
    public string Name { get; } = name;

    public bool IsLive => Volatile.Read(ref _live) == 1;

    public ulong LastSequence => (ulong)Interlocked.Read(ref _lastSequence);

    /// <summary>Messages the server had not delivered yet, as of the last delivery or creation.</summary>
    public ulong Pending => (ulong)Interlocked.Read(ref _pending);

    /// <summary>A consumer is live on the server, <paramref name="pending"/> messages behind (its info's NumPending).</summary>
    public void Connected(ulong pending)
    {
        Interlocked.Exchange(ref _pending, (long)pending);
        Volatile.Write(ref _live, 1);
    }

    public void Delivered(NatsJSMsgMetadata? metadata)
    {
        if (metadata is { } known)
        {
            Interlocked.Exchange(ref _lastSequence, (long)known.Sequence.Stream);
            Interlocked.Exchange(ref _pending, (long)known.NumPending);
        }

        Volatile.Write(ref _live, 1);
    }

    public void Lost() => Volatile.Write(ref _live, 0);

    /// <summary>Ready while a consumer is live and at most <paramref name="maxPending"/> messages behind; the description says why not.</summary>
    public (bool IsReady, string Description) Readiness(ulong maxPending)
    {
        var pending = Pending;
        return !IsLive ? (false, $"{Name}: no live consumer (NATS down, restarted, or the consumer stalled); creating it again.")
            : pending > maxPending ? (false, $"{Name}: {pending} messages behind (more than {maxPending}).")
            : (true, $"{Name}: live, {pending} messages behind.");
    }
}
