namespace TicketBooking.Sequencing.Internal;

/// <summary>
/// For exactly one producer thread: claiming is plain arithmetic on fields only that thread touches,
/// and publishing is one release store to the cursor.
/// </summary>
internal sealed class SingleProducerSequencer(int bufferSize, IWaitStrategy waitStrategy)
    : Sequencer(bufferSize, waitStrategy)
{
    private long _nextValue = Sequence.InitialValue;
    private long _cachedGatingValue = Sequence.InitialValue;

    public override long Next(int n)
    {
        CheckClaimSize(n);
        long current = _nextValue;
        long next = current + n;
        long wrapPoint = next - BufferSize;
        if (wrapPoint > _cachedGatingValue || _cachedGatingValue > current)
        {
            var spinner = new SpinWait();
            long minimum;
            while (wrapPoint > (minimum = MinimumGatingSequence(current)))
            {
                spinner.SpinOnce(SpinsBeforeSleeping);
            }

            _cachedGatingValue = minimum;
        }

        Volatile.Write(ref _nextValue, next);
        return next;
    }

    public override bool TryNext(int n, out long sequence)
    {
        CheckClaimSize(n);
        long current = _nextValue;
        long next = current + n;
        long wrapPoint = next - BufferSize;
        if (wrapPoint > _cachedGatingValue || _cachedGatingValue > current)
        {
            long minimum = MinimumGatingSequence(current);
            _cachedGatingValue = minimum;
            if (wrapPoint > minimum)
            {
                sequence = default;
                return false;
            }
        }

        Volatile.Write(ref _nextValue, next);
        sequence = next;
        return true;
    }

    public override void Publish(long sequence)
    {
        Cursor.SetValue(sequence);
        WaitStrategy.SignalAllWhenBlocking();
    }

    public override void Publish(long lo, long hi) => Publish(hi);

    public override bool IsAvailable(long sequence)
    {
        long cursor = Cursor.Value;
        return sequence <= cursor && sequence > cursor - BufferSize;
    }

    public override long GetHighestPublishedSequence(long lo, long available) => available;

    public override long GetRemainingCapacity()
    {
        long produced = Volatile.Read(ref _nextValue);
        long consumed = MinimumGatingSequence(produced);
        return BufferSize - (produced - consumed);
    }
}
