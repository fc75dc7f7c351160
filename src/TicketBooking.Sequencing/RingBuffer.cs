using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TicketBooking.Sequencing.Internal;

namespace TicketBooking.Sequencing;

/// <summary>
/// A preallocated ring of reusable slots. A producer claims a sequence (<see cref="Next()"/>), fills
/// the slot <c>ring[sequence]</c> in place and publishes it; consumers read it through a
/// <see cref="SequenceBarrier"/>. Producers wait while the ring is full, that is while the slowest
/// gating consumer is a whole ring behind.
/// </summary>
public sealed class RingBuffer<T>
    where T : class
{
    // Empty slots either side keep the first and last entries off cache lines that other objects write.
    private const int Padding = 128 / 8;

    private readonly T[] _entries;
    private readonly long _indexMask;
    private readonly Sequencer _sequencer;

    private RingBuffer(Func<T> factory, Sequencer sequencer)
    {
        _sequencer = sequencer;
        _indexMask = sequencer.BufferSize - 1;
        _entries = new T[sequencer.BufferSize + (2 * Padding)];
        for (int i = 0; i < sequencer.BufferSize; i++)
        {
            _entries[Padding + i] = factory() ?? throw new InvalidOperationException("The slot factory returned null.");
        }
    }

    /// <summary>For exactly one publishing thread; the fastest option when it fits.</summary>
    [SuppressMessage("Design", "CA1000", Justification = "The element type is always named at the call site: RingBuffer<Slot>.Create....")]
    public static RingBuffer<T> CreateSingleProducer(Func<T> factory, int bufferSize, IWaitStrategy? waitStrategy = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        CheckBufferSize(bufferSize);
        return new RingBuffer<T>(factory, new SingleProducerSequencer(bufferSize, waitStrategy ?? new BlockingWaitStrategy()));
    }

    /// <summary>For any number of publishing threads.</summary>
    [SuppressMessage("Design", "CA1000", Justification = "The element type is always named at the call site: RingBuffer<Slot>.Create....")]
    public static RingBuffer<T> CreateMultiProducer(Func<T> factory, int bufferSize, IWaitStrategy? waitStrategy = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        CheckBufferSize(bufferSize);
        return new RingBuffer<T>(factory, new MultiProducerSequencer(bufferSize, waitStrategy ?? new BlockingWaitStrategy()));
    }

    public int BufferSize => _sequencer.BufferSize;

    public IWaitStrategy WaitStrategy => _sequencer.WaitStrategy;

    /// <summary>
    /// The producers' cursor: with one producer the highest published sequence; with several the
    /// highest claimed one (slots up to it may still be unpublished).
    /// </summary>
    public long Cursor => _sequencer.Cursor.Value;

    /// <summary>The slot of <paramref name="sequence"/>; slots are reused every <see cref="BufferSize"/> sequences.</summary>
    public T this[long sequence] =>
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), Padding + (int)(sequence & _indexMask));

    /// <summary>Claims the next sequence, waiting while the ring is full.</summary>
    public long Next() => _sequencer.Next(1);

    /// <summary>Claims <paramref name="n"/> consecutive sequences and returns the highest; the lowest is the result minus n-1.</summary>
    public long Next(int n) => _sequencer.Next(n);

    /// <summary>Claims the next sequence if the ring has room, without waiting.</summary>
    public bool TryNext(out long sequence) => _sequencer.TryNext(1, out sequence);

    /// <summary>Claims <paramref name="n"/> consecutive sequences if the ring has room, without waiting.</summary>
    public bool TryNext(int n, out long sequence) => _sequencer.TryNext(n, out sequence);

    /// <summary>Makes a claimed, filled slot visible to consumers.</summary>
    public void Publish(long sequence) => _sequencer.Publish(sequence);

    /// <summary>Publishes the claimed range [<paramref name="lo"/>, <paramref name="hi"/>].</summary>
    public void Publish(long lo, long hi) => _sequencer.Publish(lo, hi);

    /// <summary>Whether <paramref name="sequence"/> has been published (and not yet overwritten, for one producer).</summary>
    public bool IsPublished(long sequence) => _sequencer.IsAvailable(sequence);

    /// <summary>
    /// Adds consumer sequences that producers must not lap. Add them before publishing: a sequence
    /// behind the cursor is moved up to it, so a late consumer skips what was published before it.
    /// </summary>
    public void AddGatingSequences(params Sequence[] gatingSequences)
    {
        ArgumentNullException.ThrowIfNull(gatingSequences);
        _sequencer.AddGatingSequences(gatingSequences);
    }

    /// <summary>A barrier for a consumer that follows the producers and, if given, the consumers owning <paramref name="dependentSequences"/>.</summary>
    public SequenceBarrier NewBarrier(params Sequence[] dependentSequences)
    {
        ArgumentNullException.ThrowIfNull(dependentSequences);
        return new SequenceBarrier(_sequencer, [.. dependentSequences]);
    }

    /// <summary>Free slots: the buffer size minus what is claimed but not yet consumed by the slowest gating consumer.</summary>
    public long GetRemainingCapacity() => _sequencer.GetRemainingCapacity();

    private static void CheckBufferSize(int bufferSize)
    {
        if (bufferSize < 1 || !int.IsPow2(bufferSize))
        {
            throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "Must be a positive power of two.");
        }
    }
}
