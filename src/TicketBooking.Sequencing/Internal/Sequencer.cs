namespace TicketBooking.Sequencing.Internal;

/// <summary>Claims and publishes sequences of a ring, gated by its slowest consumers.</summary>
internal abstract class Sequencer
{
    /// <summary>
    /// For <see cref="SpinWait.SpinOnce(int)"/> while waiting on another thread: spin and yield for
    /// roughly a millisecond before sleeping a millisecond at a time. The default (20) starts sleeping
    /// after a few microseconds, which stalls a producer facing a briefly full ring for a whole
    /// millisecond; never sleeping would burn a core behind a stalled consumer.
    /// </summary>
    public const int SpinsBeforeSleeping = 1000;

    private Sequence[] _gatingSequences = [];

    protected Sequencer(int bufferSize, IWaitStrategy waitStrategy)
    {
        BufferSize = bufferSize;
        WaitStrategy = waitStrategy;
    }

    public int BufferSize { get; }

    public IWaitStrategy WaitStrategy { get; }

    /// <summary>The producers' cursor: the highest published sequence, or for several producers the highest claimed one.</summary>
    public Sequence Cursor { get; } = new();

    public abstract long Next(int n);

    public abstract bool TryNext(int n, out long sequence);

    public abstract void Publish(long sequence);

    public abstract void Publish(long lo, long hi);

    public abstract bool IsAvailable(long sequence);

    /// <summary>The highest sequence in [<paramref name="lo"/>, <paramref name="available"/>] below which every slot is published.</summary>
    public abstract long GetHighestPublishedSequence(long lo, long available);

    public abstract long GetRemainingCapacity();

    public void AddGatingSequences(Sequence[] sequences)
    {
        while (true)
        {
            Sequence[] current = Volatile.Read(ref _gatingSequences);
            long cursor = Cursor.Value;
            foreach (Sequence sequence in sequences)
            {
                // A consumer joining late starts at the cursor, or producers would wait for it to
                // process slots that were overwritten long ago.
                if (sequence.Value < cursor)
                {
                    sequence.SetValue(cursor);
                }
            }

            Sequence[] updated = [.. current, .. sequences];
            if (Interlocked.CompareExchange(ref _gatingSequences, updated, current) == current)
            {
                return;
            }
        }
    }

    /// <summary>The slowest consumer's sequence, or <paramref name="fallback"/> when there are no consumers.</summary>
    protected long MinimumGatingSequence(long fallback)
    {
        long minimum = fallback;
        foreach (Sequence sequence in Volatile.Read(ref _gatingSequences))
        {
            minimum = Math.Min(minimum, sequence.Value);
        }

        return minimum;
    }

    protected void CheckClaimSize(int n)
    {
        if (n < 1 || n > BufferSize)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, $"Must be between 1 and the buffer size {BufferSize}.");
        }
    }
}
