namespace TicketBooking.Sequencing.Tests;

public class MultiProducerStressTests
{
    [Theory]
    [InlineData("blocking", 1)]
    [InlineData("yielding", 7)]
    public async Task Many_producers_through_a_small_ring_lose_nothing_duplicate_nothing_and_keep_each_producers_order(string strategy, int claimSize)
    {
        const int Producers = 4;
        const int PerProducer = 300_000;
        var ring = RingBuffer<Slot>.CreateMultiProducer(() => new Slot(), 1024, WaitStrategies.Create(strategy));
        var lastSeen = new long[Producers];
        Array.Fill(lastSeen, -1);
        long outOfOrder = 0;
        long total = 0;
        var processor = new BatchEventProcessor<Slot>(ring, ring.NewBarrier(), new DelegateHandler<Slot>((slot, _, _) =>
        {
            if (slot.Value != lastSeen[slot.Producer] + 1)
            {
                outOfOrder++;
            }

            lastSeen[slot.Producer] = slot.Value;
            total++;
        }));
        ring.AddGatingSequences(processor.Sequence);
        processor.Start();

        await Task.WhenAll(Enumerable.Range(0, Producers).Select(producer => Task.Factory.StartNew(
            () => Produce(ring, producer, PerProducer, claimSize),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default))).WaitAsync(Deadline.Generous);
        await processor.HaltWhenDrained().WaitAsync(Deadline.Generous);

        Assert.Equal(0, outOfOrder);
        Assert.Equal((long)Producers * PerProducer, total);
        Assert.All(lastSeen, last => Assert.Equal(PerProducer - 1, last));
        Assert.Equal(total - 1, processor.Sequence.Value);
    }

    private static void Produce(RingBuffer<Slot> ring, int producer, int count, int claimSize)
    {
        int value = 0;
        while (value < count)
        {
            int n = Math.Min(claimSize, count - value);
            long hi = ring.Next(n);
            long lo = hi - n + 1;
            for (long sequence = lo; sequence <= hi; sequence++)
            {
                Slot slot = ring[sequence];
                slot.Producer = producer;
                slot.Value = value++;
            }

            ring.Publish(lo, hi);
        }
    }
}
