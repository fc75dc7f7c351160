using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.Contracts;

/// <summary>
/// How the payment provider signs its callbacks to the wallet, as card processors sign webhooks: the header
/// <c>Provider-Signature: t={unix seconds},v1={hex HMAC-SHA256 of "{t}." followed by the raw body}</c> with a
/// secret shared by the provider and the wallet. The wallet takes a callback only within a window around its
/// own clock, so a captured callback cannot be replayed later; within the window, the payment id makes it idempotent.
/// </summary>
public static class PaymentProviderSignature
{
    public const string Header = "Provider-Signature";

    /// <summary>The header value for <paramref name="body"/> signed at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        var seconds = timestamp.ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"t={seconds},v1={Convert.ToHexStringLower(Mac(secret, seconds, body))}");
    }

    /// <summary>Checks a header value; on false, <paramref name="reason"/> says why, without revealing the expected signature.</summary>
    public static bool TryVerify(string? header, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan tolerance, out string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        long? seconds = null;
        byte[]? signature = null;
        foreach (var part in (header ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && long.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                seconds = t;
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal) && part.Length == 3 + 64)
            {
                try
                {
                    signature = Convert.FromHexString(part.AsSpan(3));
                }
                catch (FormatException)
                {
                    signature = null;
                }
            }
        }

        if (seconds is null || signature is null)
        {
            reason = $"Send the header {Header}: t=<unix seconds>,v1=<hex HMAC-SHA256>.";
            return false;
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - seconds.Value) > tolerance.TotalSeconds)
        {
            reason = "The callback's timestamp is outside the accepted window.";
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Mac(secret, seconds.Value, body)))
        {
            reason = "The signature does not match the body.";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    private static byte[] Mac(string secret, long seconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seconds}."));
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
