namespace TicketBooking.Sequencing;

/// <summary>
/// The default: waiting consumers sleep on a monitor and use no CPU while idle. A signaller takes the
/// lock only when a consumer has announced that it is about to sleep, and only once per such
/// announcement, so the hot path costs one memory fence and a read.
/// A consumer spins for a few microseconds before it sleeps: under load the next event usually
/// arrives by then, and a sleep and wake-up per batch would cost far more.
/// </summary>
public sealed class BlockingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100;

    private readonly object _gate = new();
    private int _signalNeeded;

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
            while (true)
            {
                // The exchange is a full fence: either the signaller sees the flag after its store,
                // or this thread sees the stored value below. A wake-up cannot be lost.
                Interlocked.Exchange(ref _signalNeeded, 1);
                if ((available = barrier.DependentValue) >= sequence)
                {
                    return available;
                }

                barrier.CheckAlert();
                Monitor.Wait(_gate);
            }
        }
    }

    public void SignalAllWhenBlocking()
    {
        // Pairs with the exchange in WaitFor: the caller's store to its sequence must not be
        // reordered after this read of the flag.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _signalNeeded) == 0 || Interlocked.Exchange(ref _signalNeeded, 0) == 0)
        {
            return;
        }

        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }
}
