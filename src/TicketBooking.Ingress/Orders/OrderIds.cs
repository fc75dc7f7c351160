using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.Ingress.Orders;

/// <summary>
/// Order ids derived from (buyer, Idempotency-Key), so that a retry anywhere gets the same id: a
/// name-based UUID in the manner of RFC 9562's version 5, built on SHA-256 and marked version 8.
/// The id is also the purchase's <c>Nats-Msg-Id</c>, which JetStream deduplicates across instances.
/// </summary>
public static class OrderIds
{
    private static readonly byte[] Namespace = Encoding.ASCII.GetBytes("ticketbooking/order/v1");

    public static Guid From(long buyerId, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        var key = Encoding.UTF8.GetBytes(idempotencyKey);
        var input = new byte[Namespace.Length + sizeof(long) + key.Length];
        Namespace.CopyTo(input, 0);
        BinaryPrimitives.WriteInt64BigEndian(input.AsSpan(Namespace.Length), buyerId);
        key.CopyTo(input, Namespace.Length + sizeof(long));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
