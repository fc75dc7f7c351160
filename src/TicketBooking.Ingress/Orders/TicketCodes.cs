using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.Ingress.Orders;

/// <summary>
/// The code printed on a ticket: HMAC-SHA256 over (session, ticket number, order) with a secret key, first
/// 80 bits in Crockford base32. Derived, not stored: every ingress with the key shows the same code, a door
/// scanner with the key checks it offline, and a code cannot be guessed from the ticket number.
/// </summary>
public sealed class TicketCodes(string secret)
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int CodeBytes = 10;

    private readonly byte[] _key = Encoding.UTF8.GetBytes(secret);

    /// <summary>Sixteen characters in four groups of four, such as <c>7K2M-Q9XD-4TRB-0HWE</c>.</summary>
    public string For(long sessionId, long ticketNumber, Guid orderId)
    {
        Span<byte> message = stackalloc byte[2 * sizeof(long) + 16];
        BinaryPrimitives.WriteInt64BigEndian(message, sessionId);
        BinaryPrimitives.WriteInt64BigEndian(message[sizeof(long)..], ticketNumber);
        orderId.TryWriteBytes(message[(2 * sizeof(long))..], bigEndian: true, out _);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, message, mac);

        // 80 bits = sixteen 5-bit symbols.
        var builder = new StringBuilder(19);
        var bits = 0;
        var buffer = 0;
        foreach (var b in mac[..CodeBytes])
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                if (builder.Length is 4 or 9 or 14)
                {
                    builder.Append('-');
                }

                builder.Append(Alphabet[(buffer >> bits) & 31]);
            }
        }

        return builder.ToString();
    }
}
