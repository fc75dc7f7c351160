namespace TicketBooking.Messaging;

/// <summary>How long and how much the two streams keep. The journal keeps everything by default: it is the record.</summary>
public sealed record StreamSettings
{
    public TimeSpan InputMaxAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The most TB_INPUT stores (-1 for no limit). Full, it refuses new inputs (discard new), so a purchase is answered
    /// 503 rather than accepted and lost. Default 2 GiB: about ten million lone purchases, and with the journal's and the
    /// availability's caps within the 8 GB file store of the local nats.conf (JetStream reserves each stream's cap).
    /// </summary>
    public long InputMaxBytes { get; init; } = 2L << 30;

    public TimeSpan DecisionsMaxAge { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The most TB_DECISIONS stores (-1 for no limit). Full, it refuses new batches, which stops the partitions: the
    /// journal is the record, and dropping its oldest batches would lose it. Default 4 GiB.
    /// </summary>
    public long DecisionsMaxBytes { get; init; } = 4L << 30;

    /// <summary>The most TB_AVAILABILITY stores; derived data, so when full its oldest messages go. Default 256 MiB.</summary>
    public long AvailabilityMaxBytes { get; init; } = 256L << 20;

    /// <summary>How often the streams' fill (bytes stored / their cap) is read and reported.</summary>
    public TimeSpan FillCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A stream filled beyond this part of its cap is logged as a warning at every check.</summary>
    public double FillWarningRatio { get; init; } = 0.8;

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
