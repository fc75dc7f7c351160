namespace TicketBooking.Sequencing.Tests;

public class RingBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Rejects_a_size_that_is_not_a_power_of_two(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), size));
        Assert.Throws<ArgumentOutOfRangeException>(() => RingBuffer<Slot>.CreateMultiProducer(() => new Slot(), size));
    }

    [Fact]
    public void Preallocates_one_distinct_slot_per_entry()
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 8);
        var slots = Enumerable.Range(0, 8).Select(i => ring[i]).ToHashSet();
        Assert.Equal(8, slots.Count);
        Assert.Equal(8, ring.BufferSize);
        Assert.Equal(-1, ring.Cursor);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Claims_consecutive_sequences(bool multiProducer)
    {
        var ring = Create(multiProducer, 8);
        Assert.Equal(0, ring.Next());
        Assert.Equal(1, ring.Next());
        Assert.Equal(4, ring.Next(3));
        ring.Publish(0);
        ring.Publish(1);
        ring.Publish(2, 4);
        Assert.True(ring.IsPublished(4));
        Assert.False(ring.IsPublished(5));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Wraps_around_reusing_slots_once_the_consumer_has_passed_them(bool multiProducer)
    {
        var ring = Create(multiProducer, 4);
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);
        var barrier = ring.NewBarrier();

        for (long i = 0; i < 20; i++)
        {
            long sequence = ring.Next();
            Assert.Equal(i, sequence);
            ring[sequence].Value = i * 10;
            ring.Publish(sequence);

            Assert.Equal(sequence, barrier.WaitFor(sequence));
            Assert.Equal(i * 10, ring[sequence].Value);
            consumer.SetValue(sequence);
        }

        Assert.Same(ring[3], ring[19]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryNext_fails_without_waiting_when_the_ring_is_full(bool multiProducer)
    {
        var ring = Create(multiProducer, 4);
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);

        for (int i = 0; i < 4; i++)
        {
            Assert.True(ring.TryNext(out long sequence));
            ring.Publish(sequence);
        }

        Assert.False(ring.TryNext(out _));
        Assert.False(ring.TryNext(2, out _));
        Assert.Equal(0, ring.GetRemainingCapacity());

        consumer.SetValue(1);
        Assert.Equal(2, ring.GetRemainingCapacity());
        Assert.False(ring.TryNext(3, out _));
        Assert.True(ring.TryNext(2, out long hi));
        Assert.Equal(5, hi);
        Assert.Equal(0, ring.GetRemainingCapacity());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_full_ring_makes_Next_wait_for_the_slowest_consumer(bool multiProducer)
    {
        var ring = Create(multiProducer, 4);
        var fast = new Sequence();
        var slow = new Sequence();
        ring.AddGatingSequences(fast, slow);
        for (int i = 0; i < 4; i++)
        {
            ring.Publish(ring.Next());
        }

        fast.SetValue(3);
        Assert.Equal(0, ring.GetRemainingCapacity());
        long claimed = -1;
        long slowWhenClaimed = long.MinValue;
        var claimer = new Thread(() =>
        {
            claimed = ring.Next();
            slowWhenClaimed = slow.Value;
        }) { IsBackground = true };
        claimer.Start();

        // The claimer runs nothing but Next, which backs off with Thread.Sleep while the ring is full: once it is seen
        // sleeping it is inside Next, waiting. A Next that did not wait would have returned with the slow consumer still at -1.
        Eventually.Until(() => (claimer.ThreadState & ThreadState.WaitSleepJoin) != 0, "the claim to wait inside Next");
        Assert.True(claimer.IsAlive, $"Next returned {claimed} while the ring was full.");

        slow.SetValue(0);
        Assert.True(claimer.Join(Deadline.Generous), "Next went on waiting after the slowest consumer freed a slot.");
        Assert.Equal(4, claimed);
        Assert.Equal(0, slowWhenClaimed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Claims_outside_one_to_buffer_size_are_rejected(bool multiProducer)
    {
        var ring = Create(multiProducer, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Next(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Next(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.TryNext(5, out _));
    }

    [Fact]
    public void A_consumer_added_late_starts_at_the_cursor()
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 4);
        for (int i = 0; i < 10; i++)
        {
            ring.Publish(ring.Next());
        }

        var late = new Sequence();
        ring.AddGatingSequences(late);
        Assert.Equal(9, late.Value);
        Assert.Equal(4, ring.GetRemainingCapacity());
    }

    [Fact]
    public void Multi_producer_consumers_see_only_the_contiguous_published_prefix()
    {
        var ring = RingBuffer<Slot>.CreateMultiProducer(() => new Slot(), 8);
        var barrier = ring.NewBarrier();
        long first = ring.Next();
        long second = ring.Next();
        long third = ring.Next();

        ring.Publish(third);
        ring.Publish(first);
        Assert.Equal(2, ring.Cursor);
        Assert.False(ring.IsPublished(second));
        Assert.Equal(first, barrier.WaitFor(first));

        ring.Publish(second);
        Assert.Equal(third, barrier.WaitFor(first));
    }

    [Fact]
    public void Multi_producer_availability_distinguishes_laps()
    {
        var ring = RingBuffer<Slot>.CreateMultiProducer(() => new Slot(), 4);
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);
        for (int i = 0; i < 4; i++)
        {
            ring.Publish(ring.Next());
        }

        consumer.SetValue(3);
        long next = ring.Next();
        Assert.Equal(4, next);
        Assert.False(ring.IsPublished(4));
        ring.Publish(4);
        Assert.True(ring.IsPublished(4));
        Assert.False(ring.IsPublished(0));
    }

    private static RingBuffer<Slot> Create(bool multiProducer, int size) => multiProducer
        ? RingBuffer<Slot>.CreateMultiProducer(() => new Slot(), size)
        : RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), size);
}
