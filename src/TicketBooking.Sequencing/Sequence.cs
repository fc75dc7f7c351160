using System.Runtime.InteropServices;

namespace TicketBooking.Sequencing;

/// <summary>
/// A sequence number shared between threads: a producer's cursor or a consumer's progress.
/// The value sits alone on its cache line (at least 56 bytes of padding either side), so two hot
/// sequences never false-share.
/// </summary>
public sealed class Sequence
{
    /// <summary>The value of a sequence before anything was claimed or processed.</summary>
    public const long InitialValue = -1;

    private PaddedLong _padded;

    public Sequence(long initialValue = InitialValue) => _padded.Value = initialValue;

    /// <summary>The current value, read with acquire semantics.</summary>
    public long Value => Volatile.Read(ref _padded.Value);

    /// <summary>Stores with release semantics: writes made before it are visible to whoever reads the new value.</summary>
    public void SetValue(long value) => Volatile.Write(ref _padded.Value, value);

    public bool CompareAndSet(long expectedValue, long newValue) =>
        Interlocked.CompareExchange(ref _padded.Value, newValue, expectedValue) == expectedValue;

    public long IncrementAndGet() => Interlocked.Increment(ref _padded.Value);

    public long AddAndGet(long increment) => Interlocked.Add(ref _padded.Value, increment);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // The runtime ignores an explicit Size on a class's layout but honours it on a struct.
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedLong
    {
        [FieldOffset(56)]
        public long Value;
    }
}
