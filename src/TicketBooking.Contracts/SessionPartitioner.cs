using System.Globalization;
using System.Text;

namespace TicketBooking.Contracts;

/// <summary>
/// Maps a session token to its engine partition exactly as nats-server's subject mapping
/// <c>{{partition(P,1)}}</c> does: FNV-1a 32-bit over the token's UTF-8 bytes, modulo P.
/// The partition count here, in nats.conf and in the engine's configuration must agree.
/// </summary>
public static class SessionPartitioner
{
    /// <summary>P, the number of partitions; nats.conf's mapping says partition(16,1).</summary>
    public const int DefaultPartitionCount = 16;

    private const uint FnvOffsetBasis = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>FNV-1a 32-bit hash of the given bytes.</summary>
    public static uint Fnv1a32(ReadOnlySpan<byte> bytes)
    {
        var hash = FnvOffsetBasis;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= FnvPrime;
        }

        return hash;
    }

    /// <summary>Partition of a token given as UTF-8 bytes (the token as it appears in the subject).</summary>
    public static int PartitionOf(ReadOnlySpan<byte> utf8Token, int partitionCount = DefaultPartitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        return (int)(Fnv1a32(utf8Token) % (uint)partitionCount);
    }

    /// <summary>Partition of a session token given as a string.</summary>
    public static int PartitionOf(string sessionToken, int partitionCount = DefaultPartitionCount)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        var max = Encoding.UTF8.GetMaxByteCount(sessionToken.Length);
        if (max <= 256)
        {
            Span<byte> buffer = stackalloc byte[max];
            var written = Encoding.UTF8.GetBytes(sessionToken, buffer);
            return PartitionOf(buffer[..written], partitionCount);
        }

        return PartitionOf(Encoding.UTF8.GetBytes(sessionToken), partitionCount);
    }

    /// <summary>Partition of a session id; the token is its invariant decimal form, as in <see cref="Subjects"/>.</summary>
    public static int PartitionOf(long sessionId, int partitionCount = DefaultPartitionCount)
    {
        Span<byte> buffer = stackalloc byte[20]; // long.MinValue is 20 characters
        if (!sessionId.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A long always fits in 20 bytes.");
        }

        return PartitionOf(buffer[..written], partitionCount);
    }
}
