namespace TicketBooking.Sequencing;

/// <summary>
/// Wires handlers onto a ring buffer in stages, one processor thread per handler:
/// <c>pipeline.HandleEventsWith(journal).Then(matcher)</c>; then <see cref="Start"/>, publish through
/// <see cref="RingBuffer"/>, and <see cref="ShutdownAsync"/>. Producers are gated by the last stages.
/// If any handler fails, every processor is halted and <see cref="Completion"/> faults.
/// </summary>
public sealed class Pipeline<T>
    where T : class
{
    private readonly List<BatchEventProcessor<T>> _processors = [];
    private readonly HashSet<Sequence> _followedSequences = [];
    private Task? _completion;

    public Pipeline(RingBuffer<T> ringBuffer)
    {
        ArgumentNullException.ThrowIfNull(ringBuffer);
        RingBuffer = ringBuffer;
    }

    public RingBuffer<T> RingBuffer { get; }

    public IReadOnlyList<BatchEventProcessor<T>> Processors => _processors;

    /// <summary>Completes when every processor has stopped; faulted if a handler failed. Set by <see cref="Start"/>.</summary>
    public Task Completion => _completion ?? throw new InvalidOperationException("The pipeline has not been started.");

    /// <summary>A first stage: each handler gets every event, in parallel with the others in the stage.</summary>
    public PipelineStage<T> HandleEventsWith(params IEventHandler<T>[] handlers) => AddStage(handlers, []);

    public void Start()
    {
        if (_completion is not null)
        {
            throw new InvalidOperationException("The pipeline has already been started.");
        }

        RingBuffer.AddGatingSequences([.. _processors.Select(p => p.Sequence).Where(s => !_followedSequences.Contains(s))]);
        _completion = Task.WhenAll(_processors.Select(p => p.Completion));
        foreach (BatchEventProcessor<T> processor in _processors)
        {
            _ = processor.Completion.ContinueWith(_ => Halt(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            processor.Start();
        }
    }

    /// <summary>
    /// Lets every stage handle everything claimed so far, then stops; stop the producers first.
    /// Returns <see cref="Completion"/>.
    /// </summary>
    public Task ShutdownAsync()
    {
        Task completion = Completion;
        long last = RingBuffer.Cursor;
        foreach (BatchEventProcessor<T> processor in _processors)
        {
            processor.HaltAfter(last);
        }

        return completion;
    }

    /// <summary>Stops every processor after its current batch, leaving unhandled events in the ring.</summary>
    public void Halt()
    {
        foreach (BatchEventProcessor<T> processor in _processors)
        {
            processor.Halt();
        }
    }

    internal PipelineStage<T> AddStage(IEventHandler<T>[] handlers, Sequence[] dependsOn)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        if (_completion is not null)
        {
            throw new InvalidOperationException("Handlers must be added before the pipeline starts.");
        }

        _followedSequences.UnionWith(dependsOn);
        var stage = new List<BatchEventProcessor<T>>(handlers.Length);
        foreach (IEventHandler<T> handler in handlers)
        {
            stage.Add(new BatchEventProcessor<T>(RingBuffer, RingBuffer.NewBarrier(dependsOn), handler));
        }

        _processors.AddRange(stage);
        return new PipelineStage<T>(this, stage);
    }
}
