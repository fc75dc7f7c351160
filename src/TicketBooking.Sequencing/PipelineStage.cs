namespace TicketBooking.Sequencing;

/// <summary>The processors of one stage of a <see cref="Pipeline{T}"/>.</summary>
public sealed class PipelineStage<T>
    where T : class
{
    private readonly Pipeline<T> _pipeline;

    internal PipelineStage(Pipeline<T> pipeline, IReadOnlyList<BatchEventProcessor<T>> processors)
    {
        _pipeline = pipeline;
        Processors = processors;
    }

    public IReadOnlyList<BatchEventProcessor<T>> Processors { get; }

    /// <summary>A next stage whose handlers see an event only after every handler of this stage has finished it.</summary>
    public PipelineStage<T> Then(params IEventHandler<T>[] handlers) =>
        _pipeline.AddStage(handlers, [.. Processors.Select(p => p.Sequence)]);
}
