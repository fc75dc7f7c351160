namespace TicketBooking.Sequencing;

/// <summary>
/// Spins without ever giving up the core: the lowest latency, and only sensible when every consumer
/// thread has a core of its own.
/// </summary>
public sealed class BusySpinWaitStrategy : IWaitStrategy
{
    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        long available;
        while ((available = barrier.DependentValue) < sequence)
        {
            barrier.CheckAlert();
            Thread.SpinWait(1);
        }

        return available;
    }

    public void SignalAllWhenBlocking()
    {
    }
}
