namespace TicketBooking.Sequencing;

/// <summary>
/// The default: waiting consumers sleep on a monitor and use no CPU while idle. A publisher only takes
/// the lock when some consumer is actually waiting, so the cost on the hot path is one memory fence.
/// A consumer spins for a few microseconds before it sleeps: under load the next event usually
/// arrives by then, and a sleep and wake-up per event would cost far more.
/// </summary>
public sealed class BlockingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100;

    private readonly object _gate = new();
    private int _waiters;

    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        long available;
        for (int i = 0; i < SpinTries; i++)
        {
            if ((available = barrier.DependentValue) >= sequence)
            {
                return available;
            }

            Thread.SpinWait(1);
        }

        lock (_gate)
        {
            // The increment is a full fence: either the signaller sees a waiter after publishing,
            // or this thread sees the published value below. A wake-up cannot be lost.
            Interlocked.Increment(ref _waiters);
            try
            {
                while ((available = barrier.DependentValue) < sequence)
                {
                    barrier.CheckAlert();
                    Monitor.Wait(_gate);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _waiters);
            }
        }

        return available;
    }

    public void SignalAllWhenBlocking()
    {
        // Pairs with the increment in WaitFor: the caller's store to its sequence must not be
        // reordered after this read of the waiter count.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _waiters) == 0)
        {
            return;
        }

        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }
}
