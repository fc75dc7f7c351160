namespace TicketBooking.Sequencing.Tests;

public class SequenceBarrierTests
{
    [Fact]
    public void Returns_the_highest_published_sequence()
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 8);
        var barrier = ring.NewBarrier();
        ring.Publish(ring.Next(5));
        Assert.Equal(4, barrier.WaitFor(0));
        Assert.Equal(4, barrier.WaitFor(4));
    }

    [Fact]
    public void Holds_a_consumer_behind_its_dependent_sequences()
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 8);
        var first = new Sequence();
        var second = new Sequence();
        var barrier = ring.NewBarrier(first, second);
        ring.Publish(ring.Next(5));
        first.SetValue(3);
        second.SetValue(1);

        Assert.Equal(1, barrier.WaitFor(0));
        Assert.Equal(1, barrier.DependentValue);
    }

    [Theory]
    [MemberData(nameof(WaitStrategies.Names), MemberType = typeof(WaitStrategies))]
    public async Task A_dependent_consumer_waits_until_the_dependency_advances(string strategy)
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 8, WaitStrategies.Create(strategy));
        var upstream = new Sequence();
        var barrier = ring.NewBarrier(upstream);
        ring.Publish(ring.Next(4));

        var wait = Task.Run(() => barrier.WaitFor(2));
        upstream.SetValue(1);
        ring.WaitStrategy.SignalAllWhenBlocking();

        // Only 3 is a valid answer: the dependency was at 1, below the requested 2, until now.
        upstream.SetValue(3);
        ring.WaitStrategy.SignalAllWhenBlocking();
        Assert.Equal(3, await wait.WaitAsync(Deadline.Generous));
    }

    [Fact]
    public void An_alerted_barrier_throws_until_cleared()
    {
        var ring = RingBuffer<Slot>.CreateSingleProducer(() => new Slot(), 8);
        var barrier = ring.NewBarrier();
        ring.Publish(ring.Next());

        barrier.Alert();
        Assert.True(barrier.IsAlerted);
        Assert.Throws<AlertException>(() => barrier.WaitFor(0));

        barrier.ClearAlert();
        Assert.False(barrier.IsAlerted);
        Assert.Equal(0, barrier.WaitFor(0));
    }

    [Theory]
    [MemberData(nameof(WaitStrategies.Names), MemberType = typeof(WaitStrategies))]
    public async Task An_alert_wakes_a_waiting_consumer(string strategy)
    {
        var ring = RingBuffer<Slot>.CreateMultiProducer(() => new Slot(), 8, WaitStrategies.Create(strategy));
        var barrier = ring.NewBarrier();
        var wait = Task.Run(() => barrier.WaitFor(0));

        barrier.Alert();
        await Assert.ThrowsAsync<AlertException>(() => wait.WaitAsync(Deadline.Generous));
    }

    [Fact]
    public async Task An_alert_wakes_a_consumer_waiting_for_a_claimed_but_unpublished_slot()
    {
        var ring = RingBuffer<Slot>.CreateMultiProducer(() => new Slot(), 8);
        var barrier = ring.NewBarrier();
        ring.Next();
        var wait = Task.Run(() => barrier.WaitFor(0));

        barrier.Alert();
        await Assert.ThrowsAsync<AlertException>(() => wait.WaitAsync(Deadline.Generous));
    }
}
