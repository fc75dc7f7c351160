using System.Collections.Concurrent;

namespace TicketBooking.Sequencing.Tests;

public class BatchEventProcessorTests
{
    [Fact]
    public async Task Hands_everything_available_to_the_handler_as_one_batch()
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 16);
        var seen = new List<(long Sequence, bool EndOfBatch, long ProcessorSequence)>();
        BatchEventProcessor<Slot>? processor = null;
        processor = new BatchEventProcessor<Slot>(ring, ring.NewBarrier(), new DelegateHandler<Slot>(
            (slot, sequence, endOfBatch) => seen.Add((sequence, endOfBatch, processor!.Sequence.Value))));
        ring.AddGatingSequences(processor.Sequence);
        long hi = ring.Next(10);
        ring.Publish(hi - 9, hi);

        processor.Start();
        await processor.HaltWhenDrained().WaitAsync(Deadline.Generous);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), seen.Select(e => e.Sequence));
        Assert.Equal([9L], seen.Where(e => e.EndOfBatch).Select(e => e.Sequence));
        Assert.All(seen, e => Assert.Equal(-1, e.ProcessorSequence));
        Assert.Equal(9, processor.Sequence.Value);
    }

    [Fact]
    public async Task Every_batch_ends_with_endOfBatch_and_then_publishes_the_processor_sequence()
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 64);
        var violations = 0;
        long batchStart = 0;
        long handled = -1;
        BatchEventProcessor<Slot>? processor = null;
        processor = new BatchEventProcessor<Slot>(ring, ring.NewBarrier(), new DelegateHandler<Slot>((slot, sequence, endOfBatch) =>
        {
            if (sequence != handled + 1 || processor!.Sequence.Value != batchStart - 1)
            {
                violations++;
            }

            handled = sequence;
            if (endOfBatch)
            {
                batchStart = sequence + 1;
            }
        }));
        ring.AddGatingSequences(processor.Sequence);
        processor.Start();

        for (int i = 0; i < 50_000; i++)
        {
            ring.Publish(ring.Next());
        }

        await processor.HaltWhenDrained().WaitAsync(Deadline.Generous);
        Assert.Equal(0, violations);
        Assert.Equal(49_999, handled);
        Assert.Equal(50_000, batchStart);
    }

    [Fact]
    public async Task A_second_stage_only_sees_what_the_first_stage_finished()
    {
        var ring = RingBuffer<Slot>.CreateMultiProducer(() => new Slot(), 256);
        var stage1 = new BatchEventProcessor<Slot>(ring, ring.NewBarrier(), new DelegateHandler<Slot>(
            (slot, sequence, _) => slot.Stage1Mark = sequence));
        var violations = 0;
        long handled = 0;
        var stage2 = new BatchEventProcessor<Slot>(ring, ring.NewBarrier(stage1.Sequence), new DelegateHandler<Slot>((slot, sequence, _) =>
        {
            if (stage1.Sequence.Value < sequence || slot.Stage1Mark != sequence)
            {
                violations++;
            }

            handled++;
        }));
        ring.AddGatingSequences(stage2.Sequence);
        stage1.Start();
        stage2.Start();

        const int PerProducer = 50_000;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < PerProducer; i++)
            {
                long sequence = ring.Next();
                ring[sequence].Stage1Mark = -1;
                ring.Publish(sequence);
            }
        })));

        long last = ring.Cursor;
        await stage1.HaltWhenDrained().WaitAsync(Deadline.Generous);
        await stage2.HaltWhenDrained().WaitAsync(Deadline.Generous);
        Assert.Equal(0, violations);
        Assert.Equal(2 * PerProducer, handled);
        Assert.Equal(last, stage2.Sequence.Value);
    }

    [Fact]
    public async Task HaltWhenDrained_handles_everything_published_before_it_then_completes()
    {
        var ring = RingBuffer<Slot>.CreateMultiProducer(() => new Slot(), 64);
        long sum = 0;
        var processor = new BatchEventProcessor<Slot>(ring, ring.NewBarrier(), new DelegateHandler<Slot>((slot, _, _) => sum += slot.Value));
        ring.AddGatingSequences(processor.Sequence);
        processor.Start();

        for (int i = 1; i <= 10_000; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
        }

        await processor.HaltWhenDrained().WaitAsync(Deadline.Generous);
        Assert.Equal(10_000L * 10_001 / 2, sum);
        Assert.False(processor.IsRunning);
    }

    [Fact]
    public async Task HaltWhenDrained_waits_for_a_claimed_slot_to_be_published()
    {
        var ring = RingBuffer<Slot>.CreateMultiProducer(() => new Slot(), 8);
        var handled = new ConcurrentQueue<long>();
        var processor = new BatchEventProcessor<Slot>(ring, ring.NewBarrier(), new DelegateHandler<Slot>((_, sequence, _) => handled.Enqueue(sequence)));
        ring.AddGatingSequences(processor.Sequence);
        processor.Start();
        long claimed = ring.Next();

        Task drained = processor.HaltWhenDrained();
        Assert.False(drained.IsCompleted);
        ring.Publish(claimed);

        await drained.WaitAsync(Deadline.Generous);
        Assert.Equal([0L], handled);
    }

    [Fact]
    public async Task HaltWhenDrained_before_start_drains_and_stops()
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 8);
        var count = 0;
        var processor = new BatchEventProcessor<Slot>(ring, ring.NewBarrier(), new DelegateHandler<Slot>((_, _, _) => count++));
        ring.Publish(ring.Next(3));

        Task drained = processor.HaltWhenDrained();
        processor.Start();

        await drained.WaitAsync(Deadline.Generous);
        Assert.Equal(3, count);
    }

    [Fact]
    public async Task Halt_stops_an_idle_processor()
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 8);
        var started = new ManualResetEventSlim();
        var handler = new RecordingHandler(onStart: started.Set);
        var processor = new BatchEventProcessor<Slot>(ring, ring.NewBarrier(), handler);
        processor.Start("idle processor");
        Assert.True(started.Wait(Deadline.Generous));

        processor.Halt();

        await processor.Completion.WaitAsync(Deadline.Generous);
        Assert.True(handler.ShutDown);
    }

    [Fact]
    public async Task A_handler_exception_faults_the_completion_and_stops_the_processor()
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 16);
        var boom = new InvalidOperationException("boom");
        var handler = new RecordingHandler(onEvent: sequence =>
        {
            if (sequence == 5)
            {
                throw boom;
            }
        });
        var processor = new BatchEventProcessor<Slot>(ring, ring.NewBarrier(), handler);
        ring.AddGatingSequences(processor.Sequence);
        processor.Start();
        ring.Publish(ring.Next(10));

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => processor.Completion.WaitAsync(Deadline.Generous));
        Assert.Same(boom, thrown);
        Assert.Equal(4, processor.Sequence.Value);
        Assert.True(handler.ShutDown);
        Assert.False(processor.IsRunning);
    }

    [Fact]
    public async Task Run_rethrows_a_handler_exception_on_the_calling_thread()
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 16);
        var processor = new BatchEventProcessor<Slot>(ring, ring.NewBarrier(), new DelegateHandler<Slot>(
            (_, _, _) => throw new InvalidOperationException("boom")));
        ring.Publish(ring.Next());

        await Assert.ThrowsAsync<InvalidOperationException>(() => Task.Run(processor.Run).WaitAsync(Deadline.Generous));
        Assert.True(processor.Completion.IsFaulted);
    }

    [Fact]
    public async Task A_processor_runs_once()
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 8);
        var processor = new BatchEventProcessor<Slot>(ring, ring.NewBarrier(), new RecordingHandler());
        processor.Start();
        Assert.Throws<InvalidOperationException>(() => processor.Start());
        Assert.Throws<InvalidOperationException>(processor.Run);
        processor.Halt();
        await processor.Completion.WaitAsync(Deadline.Generous);
    }

    [Fact]
    public void A_barrier_belongs_to_one_processor()
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 8);
        var barrier = ring.NewBarrier();
        _ = new BatchEventProcessor<Slot>(ring, barrier, new RecordingHandler());
        Assert.Throws<InvalidOperationException>(() => new BatchEventProcessor<Slot>(ring, barrier, new RecordingHandler()));
    }

    private sealed class RecordingHandler(Action<long>? onEvent = null, Action? onStart = null) : IEventHandler<Slot>
    {
        public bool ShutDown { get; private set; }

        public void OnEvent(Slot data, long sequence, bool endOfBatch) => onEvent?.Invoke(sequence);

        public void OnStart() => onStart?.Invoke();

        public void OnShutdown() => ShutDown = true;
    }
}
