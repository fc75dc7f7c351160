using TicketBooking.Contracts;
using TicketBooking.Messaging;

namespace TicketBooking.Engine.Host;

/// <summary>The engine host's settings, bound from the configuration section <c>Engine</c>.</summary>
public sealed record EngineHostOptions
{
    public const string Section = "Engine";

    /// <summary>P: must equal the partition() count in nats.conf.</summary>
    public int PartitionCount { get; init; } = SessionPartitioner.DefaultPartitionCount;

    /// <summary>Which partitions this process hosts (owns, or stands by for): "all", or a list such as "0-3,7".</summary>
    public string Partitions { get; init; } = "all";

    /// <summary>
    /// Of the hosted partitions, those this process takes at once when it starts: "all", or a list. Two hosts that
    /// both host every partition and prefer half each split them, and each stands by for the other's half.
    /// </summary>
    public string PreferredPartitions { get; init; } = "all";

    /// <summary>
    /// How long after start a host waits before it takes a free partition it hosts but does not prefer: time for
    /// the host that prefers it, starting at about the same time, to take it first.
    /// </summary>
    public TimeSpan OthersDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Take a PostgreSQL lease before owning a partition (one live owner; others stand by). Turning it
    /// off is for fencing tests only: the journal fence is then all that stops a second writer.
    /// </summary>
    public bool UseLease { get; init; } = true;

    /// <summary>How long a partition waits before recovering again after a failure (NATS or PostgreSQL away).</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(2);

    public int RingSize { get; init; } = 4096;

    public int MaxBatchDecisions { get; init; } = 1024;

    /// <summary>How often a partition with pending holds publishes a tick, so that they expire without buyer traffic.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often, at most, a changed session's availability is published on <c>tb.avail.{session}</c>.</summary>
    public TimeSpan AvailabilityInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public long SnapshotEveryDecisions { get; init; } = 100_000;

    public TimeSpan SnapshotEvery { get; init; } = TimeSpan.FromSeconds(60);

    public int SnapshotsToKeep { get; init; } = 3;

    public StreamSettings Streams { get; init; } = new();

    public IReadOnlyList<int> HostedPartitions() => PartitionList.Parse(Partitions, PartitionCount);

    public bool Prefers(int partition) => PartitionList.Parse(PreferredPartitions, PartitionCount).Contains(partition);
}
