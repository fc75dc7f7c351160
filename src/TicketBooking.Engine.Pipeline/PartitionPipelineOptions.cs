using TicketBooking.Sequencing;

namespace TicketBooking.Engine.Pipeline;

public sealed record PartitionPipelineOptions
{
    /// <summary>Slots in the ring; a power of two. Bounds how far the business logic may run ahead of the journal.</summary>
    public int RingSize { get; init; } = 4096;

    /// <summary>The most decisions journaled as one batch.</summary>
    public int MaxBatchDecisions { get; init; } = 1024;

    /// <summary>Blocking by default: an idle partition must not burn a core.</summary>
    public Func<IWaitStrategy> WaitStrategy { get; init; } = () => new BlockingWaitStrategy();
}
