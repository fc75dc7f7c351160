namespace TicketBooking.Messaging.Consuming;

/// <summary>How a <see cref="RecreatingConsumer"/> notices that its consumer stopped, and how it tries again.</summary>
public sealed record ConsumerResilience
{
    /// <summary>
    /// The server sends a heartbeat after this much idle time while a pull waits; no message and no heartbeat for
    /// twice as long (the client's <c>NatsJSTimeoutNotification</c>) counts as a stalled consumer.
    /// </summary>
    public TimeSpan IdleHeartbeat { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one pull request waits on the server; more than twice <see cref="IdleHeartbeat"/>.</summary>
    public TimeSpan PullExpires { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The pause before creating the consumer again after a failure.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long to keep trying without delivering anything before the failure is thrown; null: for ever
    /// (services). A command-line tool gives up instead of hanging.
    /// </summary>
    public TimeSpan? GiveUpAfter { get; init; }

    public static ConsumerResilience Default { get; } = new();
}
