using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TicketBooking.Sequencing;

namespace TicketBooking.Benchmarks;

/// <summary>
/// Moves <see cref="Events"/> longs from producers to one consumer that sums them, through the ring
/// buffer and through a bounded channel of the same capacity. The ring runs its producers and its
/// consumer on dedicated threads; the channel runs them as async loops on the thread pool, its
/// idiomatic and fastest use. Each category's baseline is the channel.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RingBufferBenchmarks
{
    private const int Events = 10_000_000;
    private const int Capacity = 1024;
    private const int ManyProducers = 3;

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    [BenchmarkCategory("1P1C")]
    public long Channel_1P1C() => RunChannel(1);

    [Benchmark(OperationsPerInvoke = Events)]
    [BenchmarkCategory("1P1C")]
    public long Ring_1P1C_Yielding() => RunRing(1, new YieldingWaitStrategy());

    [Benchmark(OperationsPerInvoke = Events)]
    [BenchmarkCategory("1P1C")]
    public long Ring_1P1C_BusySpin() => RunRing(1, new BusySpinWaitStrategy());

    [Benchmark(OperationsPerInvoke = Events)]
    [BenchmarkCategory("1P1C")]
    public long Ring_1P1C_Blocking() => RunRing(1, new BlockingWaitStrategy());

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    [BenchmarkCategory("3P1C")]
    public long Channel_3P1C() => RunChannel(ManyProducers);

    [Benchmark(OperationsPerInvoke = Events)]
    [BenchmarkCategory("3P1C")]
    public long Ring_3P1C_Yielding() => RunRing(ManyProducers, new YieldingWaitStrategy());

    [Benchmark(OperationsPerInvoke = Events)]
    [BenchmarkCategory("3P1C")]
    public long Ring_3P1C_BusySpin() => RunRing(ManyProducers, new BusySpinWaitStrategy());

    [Benchmark(OperationsPerInvoke = Events)]
    [BenchmarkCategory("3P1C")]
    public long Ring_3P1C_Blocking() => RunRing(ManyProducers, new BlockingWaitStrategy());

    private static long RunRing(int producers, IWaitStrategy waitStrategy)
    {
        RingBuffer<ValueSlot> ring = producers == 1
            ? RingBuffer<ValueSlot>.CreateSingleProducer(() => new ValueSlot(), Capacity, waitStrategy)
            : RingBuffer<ValueSlot>.CreateMultiProducer(() => new ValueSlot(), Capacity, waitStrategy);
        var consumer = new SummingHandler();
        var processor = new BatchEventProcessor<ValueSlot>(ring, ring.NewBarrier(), consumer);
        ring.AddGatingSequences(processor.Sequence);
        processor.Start();

        var threads = new Thread[producers];
        for (int p = 0; p < producers; p++)
        {
            long count = EventsOf(p, producers);
            threads[p] = new Thread(() =>
            {
                for (long i = 0; i < count; i++)
                {
                    long sequence = ring.Next();
                    ring[sequence].Value = i;
                    ring.Publish(sequence);
                }
            });
            threads[p].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        processor.HaltWhenDrained().GetAwaiter().GetResult();
        return consumer.Sum;
    }

    private static long RunChannel(int producers)
    {
        var channel = Channel.CreateBounded<long>(new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            SingleWriter = producers == 1,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Task<long> consumer = Task.Run(async () =>
        {
            long sum = 0;
            while (await channel.Reader.WaitToReadAsync())
            {
                while (channel.Reader.TryRead(out long value))
                {
                    sum += value;
                }
            }

            return sum;
        });

        var writers = new Task[producers];
        for (int p = 0; p < producers; p++)
        {
            long count = EventsOf(p, producers);
            writers[p] = Task.Run(async () =>
            {
                for (long i = 0; i < count; i++)
                {
                    if (!channel.Writer.TryWrite(i))
                    {
                        await channel.Writer.WriteAsync(i);
                    }
                }
            });
        }

        Task.WaitAll(writers);
        channel.Writer.Complete();
        return consumer.GetAwaiter().GetResult();
    }

    private static long EventsOf(int producer, int producers) =>
        (Events / producers) + (producer < Events % producers ? 1 : 0);

    private sealed class ValueSlot
    {
        public long Value { get; set; }
    }

    private sealed class SummingHandler : IEventHandler<ValueSlot>
    {
        public long Sum { get; private set; }

        public void OnEvent(ValueSlot data, long sequence, bool endOfBatch) => Sum += data.Value;
    }
}
