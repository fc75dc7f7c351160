using System.Net;

namespace TicketBooking.Notifications;

/// <summary>Which webhook URLs are accepted: absolute https, or http to a loopback address when <c>allowLoopbackHttp</c> (tests, the demo).</summary>
public static class WebhookUrls
{
    public const int MaxLength = 2_000;

    /// <summary>Null when <paramref name="url"/> is acceptable, else why not.</summary>
    public static string? Problem(string? url, bool allowLoopbackHttp, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLength || !Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            return $"Give an absolute URL of at most {MaxLength} characters.";
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo) || !string.IsNullOrEmpty(parsed.Fragment))
        {
            return "The URL may carry neither credentials nor a fragment.";
        }

        var loopback = parsed.IsLoopback || (IPAddress.TryParse(parsed.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
        if (parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && loopback && allowLoopbackHttp))
        {
            uri = parsed;
            return null;
        }

        return allowLoopbackHttp ? "The URL must be https (or http to a loopback address)." : "The URL must be https.";
    }
}
