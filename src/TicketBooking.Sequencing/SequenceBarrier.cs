using TicketBooking.Sequencing.Internal;

namespace TicketBooking.Sequencing;

/// <summary>
/// Where a consumer waits: a sequence is available once producers have published it and every
/// dependent sequence (the consumers of earlier stages) has passed it. Created by
/// <see cref="RingBuffer{T}.NewBarrier"/>; give each consumer a barrier of its own, since an alert
/// is seen by everyone waiting on the barrier.
/// </summary>
public sealed class SequenceBarrier
{
    private readonly Sequencer _sequencer;
    private readonly Sequence _cursor;
    private readonly Sequence[] _dependentSequences;
    private int _alerted;
    private int _owned;

    internal SequenceBarrier(Sequencer sequencer, Sequence[] dependentSequences)
    {
        _sequencer = sequencer;
        _cursor = sequencer.Cursor;
        _dependentSequences = dependentSequences;
    }

    public IWaitStrategy WaitStrategy => _sequencer.WaitStrategy;

    /// <summary>
    /// The highest sequence this barrier may let through before checking publication: the slowest
    /// dependent sequence, or the producers' cursor when there are none.
    /// </summary>
    public long DependentValue
    {
        get
        {
            if (_dependentSequences.Length == 0)
            {
                return _cursor.Value;
            }

            long minimum = long.MaxValue;
            foreach (Sequence sequence in _dependentSequences)
            {
                minimum = Math.Min(minimum, sequence.Value);
            }

            return minimum;
        }
    }

    public bool IsAlerted => Volatile.Read(ref _alerted) != 0;

    /// <summary>
    /// Waits until <paramref name="sequence"/> is available and returns the highest available
    /// sequence, which is at least <paramref name="sequence"/>; every sequence up to it is published.
    /// </summary>
    /// <exception cref="AlertException">The barrier was alerted before or during the wait.</exception>
    public long WaitFor(long sequence)
    {
        CheckAlert();
        var spinner = new SpinWait();
        while (true)
        {
            long available = _sequencer.WaitStrategy.WaitFor(sequence, this);
            long published = _sequencer.GetHighestPublishedSequence(sequence, available);
            if (published >= sequence)
            {
                return published;
            }

            // Claimed by another producer but not yet published: that takes nanoseconds, unless
            // the producer was descheduled, hence a spin that backs off to sleeping.
            spinner.SpinOnce(Sequencer.SpinsBeforeSleeping);
            CheckAlert();
        }
    }

    /// <summary>Makes current and future <see cref="WaitFor"/> calls throw <see cref="AlertException"/>.</summary>
    public void Alert()
    {
        Volatile.Write(ref _alerted, 1);
        _sequencer.WaitStrategy.SignalAllWhenBlocking();
    }

    public void ClearAlert() => Interlocked.Exchange(ref _alerted, 0);

    public void CheckAlert()
    {
        if (IsAlerted)
        {
            throw new AlertException();
        }
    }

    /// <summary>Claims the barrier for one processor, so that two never share alerts by accident.</summary>
    internal void TakeOwnership()
    {
        if (Interlocked.Exchange(ref _owned, 1) != 0)
        {
            throw new InvalidOperationException("This barrier already belongs to another processor; create one per processor with RingBuffer.NewBarrier.");
        }
    }
}
