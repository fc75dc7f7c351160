using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// Issues and checks admission tokens: <c>v1.{sessionId}.{userId}.{position}.{expiresUnixSeconds}.{mac}</c>, the mac
/// HMAC-SHA256 of everything before its dot (ASCII) under the ingress's secret, base64url without padding. Stateless:
/// every ingress with the secret checks a token without a query; the signature is compared in constant time.
/// </summary>
public sealed class AdmissionTokens
{
    public const int MinSecretLength = 32;

    private const string Version = "v1";
    private const int MaxTokenLength = 256;

    private readonly byte[] _key;

    /// <param name="secret">At least 32 bytes (UTF-8).</param>
    /// <exception cref="ArgumentException">The secret is shorter.</exception>
    public AdmissionTokens(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        _key = Encoding.UTF8.GetBytes(secret);
        if (_key.Length < MinSecretLength)
        {
            throw new ArgumentException($"An admission token secret must be at least {MinSecretLength} bytes.", nameof(secret));
        }
    }

    public string Issue(AdmissionGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var payload = string.Create(
            CultureInfo.InvariantCulture,
            $"{Version}.{grant.SessionId}.{grant.UserId}.{grant.Position}.{grant.ExpiresAt.ToUnixTimeSeconds()}");
        return $"{payload}.{Base64Url.EncodeToString(Mac(payload))}";
    }

    /// <summary>
    /// Whether <paramref name="token"/> admits <paramref name="userId"/> to buy in <paramref name="sessionId"/> at
    /// <paramref name="now"/>. The signature is checked before what it vouches for, so a forged token learns nothing.
    /// </summary>
    public AdmissionTokenCheck Check(string? token, long sessionId, long userId, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token))
        {
            return AdmissionTokenCheck.Missing;
        }

        if (token.Length > MaxTokenLength)
        {
            return AdmissionTokenCheck.Malformed;
        }

        var parts = token.Split('.');
        if (parts.Length != 6 || parts[0] != Version
            || !TryParse(parts[1], out var tokenSession)
            || !TryParse(parts[2], out var tokenUser)
            || !TryParse(parts[3], out _)
            || !TryParse(parts[4], out var expiresUnixSeconds))
        {
            return AdmissionTokenCheck.Malformed;
        }

        if (!Base64Url.IsValid(parts[5], out var macLength) || macLength != HMACSHA256.HashSizeInBytes)
        {
            return AdmissionTokenCheck.Malformed;
        }

        // The mac is compared as text, so that no second spelling of it (unused low bits of its last character) passes.
        var expected = Base64Url.EncodeToString(Mac(token[..token.LastIndexOf('.')]));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[5]), Encoding.ASCII.GetBytes(expected)))
        {
            return AdmissionTokenCheck.BadSignature;
        }

        if (tokenSession != sessionId)
        {
            return AdmissionTokenCheck.OtherSession;
        }

        if (tokenUser != userId)
        {
            return AdmissionTokenCheck.OtherUser;
        }

        return now.ToUnixTimeSeconds() < expiresUnixSeconds ? AdmissionTokenCheck.Valid : AdmissionTokenCheck.Expired;
    }

    private byte[] Mac(string payload) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payload));

    // Digits only: no sign, no spaces, so that one grant has one spelling.
    private static bool TryParse(string digits, out long value) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
