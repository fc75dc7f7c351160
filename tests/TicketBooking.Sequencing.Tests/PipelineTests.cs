namespace TicketBooking.Sequencing.Tests;

public class PipelineTests
{
    [Fact]
    public async Task Stages_run_in_order_and_shutdown_drains_every_stage()
    {
        var pipeline = new Pipeline<Slot>(RingBuffer<Slot>.CreateMultiProducer(() => new Slot(), 128));
        var violations = 0;
        long journaled = 0;
        long replicated = 0;
        long matched = 0;
        var journal = new DelegateHandler<Slot>((slot, _, _) =>
        {
            slot.Stage1Mark = slot.Value;
            journaled++;
        });
        var replicate = new DelegateHandler<Slot>((_, _, _) => replicated++);
        var match = new DelegateHandler<Slot>((slot, _, _) =>
        {
            if (slot.Stage1Mark != slot.Value)
            {
                violations++;
            }

            matched++;
        });
        PipelineStage<Slot> first = pipeline.HandleEventsWith(journal, replicate);
        first.Then(match);
        pipeline.Start();

        RingBuffer<Slot> ring = pipeline.RingBuffer;
        for (int i = 0; i < 20_000; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
        }

        await pipeline.ShutdownAsync().WaitAsync(Deadline.Generous);
        Assert.Equal(0, violations);
        Assert.Equal(20_000, journaled);
        Assert.Equal(20_000, replicated);
        Assert.Equal(20_000, matched);
        Assert.Equal(3, pipeline.Processors.Count);
        Assert.Equal(2, first.Processors.Count);
    }

    [Fact]
    public async Task Only_the_last_stage_gates_the_producers()
    {
        var pipeline = new Pipeline<Slot>(RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 4));
        var release = new ManualResetEventSlim();
        pipeline.HandleEventsWith(new DelegateHandler<Slot>((_, _, _) => { }))
            .Then(new DelegateHandler<Slot>((_, _, _) => release.Wait(Deadline.Generous)));
        pipeline.Start();
        RingBuffer<Slot> ring = pipeline.RingBuffer;
        for (int i = 0; i < 4; i++)
        {
            ring.Publish(ring.Next());
        }

        Eventually.Until(() => pipeline.Processors[0].Sequence.Value == 3, "the first stage to finish");
        Assert.False(ring.TryNext(out _));

        release.Set();
        Eventually.Until(() => ring.GetRemainingCapacity() == 4, "the last stage to catch up");
        await pipeline.ShutdownAsync().WaitAsync(Deadline.Generous);
    }

    [Fact]
    public async Task A_failing_handler_halts_the_pipeline_and_faults_its_completion()
    {
        var pipeline = new Pipeline<Slot>(RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 16));
        pipeline.HandleEventsWith(new DelegateHandler<Slot>((_, sequence, _) =>
        {
            if (sequence == 2)
            {
                throw new InvalidOperationException("journal unavailable");
            }
        })).Then(new DelegateHandler<Slot>((_, _, _) => { }));
        pipeline.Start();
        pipeline.RingBuffer.Publish(pipeline.RingBuffer.Next(5));

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.Completion.WaitAsync(Deadline.Generous));
        Assert.Equal("journal unavailable", thrown.Message);
        Assert.All(pipeline.Processors, p => Assert.True(p.Completion.IsCompleted));
        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.ShutdownAsync());
    }
}
