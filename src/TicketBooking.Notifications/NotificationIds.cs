using System.Security.Cryptography;

namespace TicketBooking.Notifications;

/// <summary>
/// A notification's id: a UUID (version 8) from the SHA-256 of the order id and the kind. An order has each outcome
/// at most once, so the id names the notification whatever journal, partition or replay produced it: storing it
/// twice is a conflict, and a webhook receiver deduplicates by it.
/// </summary>
public static class NotificationIds
{
    public static Guid For(Guid orderId, NotificationKind kind)
    {
        Span<byte> input = stackalloc byte[17];
        orderId.TryWriteBytes(input, bigEndian: true, out _);
        input[16] = (byte)kind;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
