using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.Ingress.Orders;

/// <summary>
/// Order ids derived from (buyer, session, Idempotency-Key), so that a retry anywhere gets the same id: a
/// name-based UUID in the manner of RFC 9562's version 5, built on SHA-256 and marked version 8.
/// The id is also the purchase's <c>Nats-Msg-Id</c>, which JetStream deduplicates across instances.
/// </summary>
/// <remarks>
/// The session is part of the name because an engine partition only knows its own orders: the same key in a
/// session of another partition, after the duplicate window, would otherwise be held there under an id the
/// wallet has already settled, and so never be paid.
/// </remarks>
public static class OrderIds
{
    private static readonly byte[] Namespace = Encoding.ASCII.GetBytes("ticketbooking/order/v2");

    public static Guid From(long buyerId, long sessionId, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        var key = Encoding.UTF8.GetBytes(idempotencyKey);
        var input = new byte[Namespace.Length + (2 * sizeof(long)) + key.Length];
        Namespace.CopyTo(input, 0);
        BinaryPrimitives.WriteInt64BigEndian(input.AsSpan(Namespace.Length), buyerId);
        BinaryPrimitives.WriteInt64BigEndian(input.AsSpan(Namespace.Length + sizeof(long)), sessionId);
        key.CopyTo(input, Namespace.Length + (2 * sizeof(long)));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
