namespace TicketBooking.Sequencing.Tests;

public class WaitStrategyTests
{
    [Theory]
    [MemberData(nameof(WaitStrategies.Names), MemberType = typeof(WaitStrategies))]
    public async Task Carries_every_event_from_a_producer_to_a_consumer(string strategy)
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 64, WaitStrategies.Create(strategy));
        long sum = 0;
        var processor = new BatchEventProcessor<Slot>(ring, ring.NewBarrier(), new DelegateHandler<Slot>((slot, _, _) => sum += slot.Value));
        ring.AddGatingSequences(processor.Sequence);
        processor.Start();

        const int Count = 100_000;
        for (int i = 1; i <= Count; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
        }

        await processor.HaltWhenDrained().WaitAsync(Deadline.Generous);
        Assert.Equal((long)Count * (Count + 1) / 2, sum);
    }

    [Theory]
    [MemberData(nameof(WaitStrategies.Names), MemberType = typeof(WaitStrategies))]
    public async Task A_consumer_waiting_on_an_empty_ring_is_woken_by_a_publish(string strategy)
    {
        var ring = RingBuffer<Slot>.CreateMultiProducer(() => new Slot(), 8, WaitStrategies.Create(strategy));
        var barrier = ring.NewBarrier();
        var wait = Task.Run(() => barrier.WaitFor(0));

        ring.Publish(ring.Next());

        Assert.Equal(0, await wait.WaitAsync(Deadline.Generous));
    }

    [Fact]
    public async Task The_blocking_strategy_parks_an_idle_consumer_and_wakes_it_on_publish()
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 8);
        Assert.IsType<BlockingWaitStrategy>(ring.WaitStrategy);
        var handled = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new BatchEventProcessor<Slot>(ring, ring.NewBarrier(), new DelegateHandler<Slot>((_, sequence, _) => handled.TrySetResult(sequence)));
        ring.AddGatingSequences(processor.Sequence);
        var thread = new Thread(processor.Run) { IsBackground = true };
        thread.Start();

        // Parked in Monitor.Wait rather than spinning: the thread stays in WaitSleepJoin.
        Eventually.Until(() => (thread.ThreadState & ThreadState.WaitSleepJoin) != 0, "the consumer to block");
        ring.Publish(ring.Next());

        Assert.Equal(0, await handled.Task.WaitAsync(Deadline.Generous));
        processor.Halt();
        await processor.Completion.WaitAsync(Deadline.Generous);
    }
}
