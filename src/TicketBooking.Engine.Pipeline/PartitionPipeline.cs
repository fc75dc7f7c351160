using TicketBooking.Engine.Journal;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.State;
using TicketBooking.Sequencing;

namespace TicketBooking.Engine.Pipeline;

/// <summary>
/// One partition's single-writer pipeline: a reader submits inputs in log order, the business logic
/// decides on its own thread, the journal stage makes the decisions durable, then the observer sees them.
/// </summary>
public sealed class PartitionPipeline : IAsyncDisposable
{
    private readonly RingBuffer<InputSlot> _ring;
    private readonly Pipeline<InputSlot> _pipeline;

    public PartitionPipeline(
        int partition,
        EngineState state,
        IDecisionJournal journal,
        PartitionPipelineOptions? options = null,
        IPartitionObserver? observer = null)
    {
        options ??= new PartitionPipelineOptions();
        Partition = partition;
        Engine = new TicketEngine(state);
        _ring = RingBuffer<InputSlot>.CreateSingleProducer(() => new InputSlot(), options.RingSize, options.WaitStrategy());
        _pipeline = new Pipeline<InputSlot>(_ring);
        _pipeline
            .HandleEventsWith(new BusinessLogicHandler(Engine, observer))
            .Then(new JournalHandler(partition, journal, options.MaxBatchDecisions, observer));
        _pipeline.Start();
    }

    public int Partition { get; }

    /// <summary>The engine, owned by the pipeline's business logic thread: read it only after <see cref="ShutdownAsync"/>.</summary>
    public TicketEngine Engine { get; }

    /// <summary>Faults if a stage failed (for example the journal refused a batch); the partition has then stopped.</summary>
    public Task Completion => _pipeline.Completion;

    public long RemainingCapacity => _ring.GetRemainingCapacity();

    /// <summary>Hands one input to the business logic; waits while the ring is full. One reader thread only.</summary>
    public void Submit(long inputSequence, long timestampMs, Command command)
    {
        var spin = default(SpinWait);
        long sequence;
        while (!_ring.TryNext(out sequence))
        {
            ThrowIfStopped();
            spin.SpinOnce();
        }

        var slot = _ring[sequence];
        slot.Sequence = inputSequence;
        slot.TimestampMs = timestampMs;
        slot.Command = command;
        _ring.Publish(sequence);
    }

    private void ThrowIfStopped()
    {
        if (Completion.IsCompleted)
        {
            throw new InvalidOperationException($"Partition {Partition} has stopped.", Completion.Exception);
        }
    }

    /// <summary>Lets every submitted input be decided and journaled, then stops.</summary>
    public Task ShutdownAsync() => _pipeline.ShutdownAsync();

    /// <summary>
    /// Stops after the batches in hand, journaling nothing more: for a partition that lost its lease,
    /// whose inputs the next owner decides again from the log. Returns <see cref="Completion"/>.
    /// </summary>
    public Task HaltAsync()
    {
        _pipeline.Halt();
        return Completion;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Completion.IsCompleted)
        {
            await ShutdownAsync().ConfigureAwait(false);
        }
    }
}
