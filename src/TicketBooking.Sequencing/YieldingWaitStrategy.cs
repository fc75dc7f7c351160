namespace TicketBooking.Sequencing;

/// <summary>
/// Spins briefly, then yields the processor on every further check. Low latency, and fair to other
/// threads on a busy machine, but a waiting consumer still shows as busy.
/// </summary>
public sealed class YieldingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100;

    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        int counter = SpinTries;
        long available;
        while ((available = barrier.DependentValue) < sequence)
        {
            barrier.CheckAlert();
            if (counter > 0)
            {
                counter--;
            }
            else
            {
                Thread.Yield();
            }
        }

        return available;
    }

    public void SignalAllWhenBlocking()
    {
    }
}
