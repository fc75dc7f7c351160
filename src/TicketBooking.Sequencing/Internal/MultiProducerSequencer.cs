namespace TicketBooking.Sequencing.Internal;

/// <summary>
/// For any number of producer threads: a slot is claimed by compare-and-set on the cursor, and
/// published by marking it in an availability buffer, because producers finish out of order.
/// Each entry holds the round (sequence / buffer size) in which its slot was last published, so a
/// consumer can tell this round's publication from a stale one without ever clearing the buffer.
/// </summary>
internal sealed class MultiProducerSequencer : Sequencer
{
    private readonly Sequence _gatingSequenceCache = new();
    private readonly int[] _availableBuffer;
    private readonly int _indexMask;
    private readonly int _indexShift;

    public MultiProducerSequencer(int bufferSize, IWaitStrategy waitStrategy)
        : base(bufferSize, waitStrategy)
    {
        _availableBuffer = new int[bufferSize];
        Array.Fill(_availableBuffer, -1);
        _indexMask = bufferSize - 1;
        _indexShift = int.Log2(bufferSize);
    }

    public override long Next(int n)
    {
        CheckClaimSize(n);
        var spinner = new SpinWait();
        while (true)
        {
            long current = Cursor.Value;
            long next = current + n;
            long wrapPoint = next - BufferSize;
            long cachedGating = _gatingSequenceCache.Value;
            if (wrapPoint > cachedGating || cachedGating > current)
            {
                long gating = MinimumGatingSequence(current);
                if (wrapPoint > gating)
                {
                    spinner.SpinOnce(SpinsBeforeSleeping);
                    continue;
                }

                _gatingSequenceCache.SetValue(gating);
            }
            else if (Cursor.CompareAndSet(current, next))
            {
                return next;
            }
        }
    }

    public override bool TryNext(int n, out long sequence)
    {
        CheckClaimSize(n);
        while (true)
        {
            long current = Cursor.Value;
            long next = current + n;
            long wrapPoint = next - BufferSize;
            long cachedGating = _gatingSequenceCache.Value;
            if (wrapPoint > cachedGating || cachedGating > current)
            {
                long gating = MinimumGatingSequence(current);
                _gatingSequenceCache.SetValue(gating);
                if (wrapPoint > gating)
                {
                    sequence = default;
                    return false;
                }
            }
            else if (Cursor.CompareAndSet(current, next))
            {
                sequence = next;
                return true;
            }
        }
    }

    public override void Publish(long sequence)
    {
        SetAvailable(sequence);
        WaitStrategy.SignalAllWhenBlocking();
    }

    public override void Publish(long lo, long hi)
    {
        for (long sequence = lo; sequence <= hi; sequence++)
        {
            SetAvailable(sequence);
        }

        WaitStrategy.SignalAllWhenBlocking();
    }

    public override bool IsAvailable(long sequence) =>
        Volatile.Read(ref _availableBuffer[(int)sequence & _indexMask]) == Round(sequence);

    public override long GetHighestPublishedSequence(long lo, long available)
    {
        for (long sequence = lo; sequence <= available; sequence++)
        {
            if (!IsAvailable(sequence))
            {
                return sequence - 1;
            }
        }

        return available;
    }

    public override long GetRemainingCapacity()
    {
        long produced = Cursor.Value;
        long consumed = MinimumGatingSequence(produced);
        return BufferSize - (produced - consumed);
    }

    // Release store: the slot's contents, written before, are visible to whoever sees the flag.
    private void SetAvailable(long sequence) =>
        Volatile.Write(ref _availableBuffer[(int)sequence & _indexMask], Round(sequence));

    private int Round(long sequence) => (int)((ulong)sequence >> _indexShift);
}
