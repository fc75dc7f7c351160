namespace TicketBooking.ServiceDefaults.Security;

/// <summary>
/// Settings under <c>Auth</c>: how access tokens are signed and checked. Every service that issues or accepts
/// tokens (the wallet's identity module, the ingress, the wallet's API) needs the same <see cref="TokenKey"/>.
/// </summary>
public sealed class TokenOptions
{
    public const string Section = "Auth";

    /// <summary>The fewest key bytes accepted: the length of an HMAC-SHA256 output.</summary>
    public const int MinKeyBytes = 32;

    /// <summary>The tokens' <c>iss</c>. Default <c>ticketbooking</c>.</summary>
    public string Issuer { get; set; } = "ticketbooking";

    /// <summary>The tokens' <c>aud</c>. Default <c>ticketbooking</c>.</summary>
    public string Audience { get; set; } = "ticketbooking";

    /// <summary>
    /// Base64 of at least <see cref="MinKeyBytes"/> random bytes, the HMAC-SHA256 key of access tokens. No default:
    /// a service without it does not start (<c>./tb</c> generates one into .data/secrets).
    /// </summary>
    public string TokenKey { get; set; } = string.Empty;

    /// <summary>How long an access token is valid. Default 15 minutes; a refresh token gets the next one.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How far the issuer's and a validator's clocks may differ. Default 30 seconds.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The key's bytes, or null when <see cref="TokenKey"/> is not base64 of at least <see cref="MinKeyBytes"/> bytes.</summary>
    public byte[]? KeyBytes()
    {
        if (string.IsNullOrWhiteSpace(TokenKey))
        {
            return null;
        }

        var buffer = new byte[TokenKey.Length];
        return Convert.TryFromBase64String(TokenKey.Trim(), buffer, out var written) && written >= MinKeyBytes ? buffer[..written] : null;
    }
}
