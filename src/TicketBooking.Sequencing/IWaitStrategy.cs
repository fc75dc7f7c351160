namespace TicketBooking.Sequencing;

/// <summary>How a consumer waits for a sequence to become available.</summary>
public interface IWaitStrategy
{
    /// <summary>
    /// Waits until <see cref="SequenceBarrier.DependentValue"/> reaches <paramref name="sequence"/>
    /// and returns it (it may be higher). Calls <see cref="SequenceBarrier.CheckAlert"/> while waiting,
    /// so an alert ends the wait with an <see cref="AlertException"/>.
    /// </summary>
    long WaitFor(long sequence, SequenceBarrier barrier);

    /// <summary>
    /// Wakes consumers blocked in <see cref="WaitFor"/>. Called after every publish and after every
    /// processed batch, so it must be cheap when nobody is blocked.
    /// </summary>
    void SignalAllWhenBlocking();
}
