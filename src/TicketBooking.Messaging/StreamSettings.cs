namespace TicketBooking.Messaging;

/// <summary>How long and how much the two streams keep. The journal keeps everything by default: it is the record.</summary>
public sealed record StreamSettings
{
    public TimeSpan InputMaxAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>-1 for no limit.</summary>
    public long InputMaxBytes { get; init; } = -1;

    public TimeSpan DecisionsMaxAge { get; init; } = TimeSpan.Zero;

    /// <summary>-1 for no limit.</summary>
    public long DecisionsMaxBytes { get; init; } = -1;

    /// <summary>How long a Nats-Msg-Id is remembered for de-duplication, in both streams.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a session's last availability is kept after its last change.</summary>
    public TimeSpan AvailabilityMaxAge { get; init; } = TimeSpan.FromDays(2);

    /// <summary>
    /// 1 on a single server; 3 in a JetStream cluster, where durability against power loss comes from (the engine
    /// host's <c>Engine:Streams:Replicas</c>, which <c>./tb --cluster</c> sets to 3 with Engine__Streams__Replicas).
    /// </summary>
    public int Replicas { get; init; } = 1;
}
