namespace TicketBooking.Ingress.Web;

/// <summary>
/// The buyer's page's settings, in the <c>Ingress</c> section beside <see cref="IngressOptions"/> (environment
/// <c>Ingress__WalletPublicUrl</c>).
/// </summary>
public sealed class BuyerPageOptions
{
    /// <summary>
    /// Where browsers reach the wallet (sign-in, registration, balance): an absolute http(s) URL, handed to the page by
    /// <c>GET /config.json</c> and allowed in the page's Content-Security-Policy (connect-src). The wallet must allow the
    /// ingress's origin in <c>Wallet:CorsOrigins</c>. Default http://127.0.0.1:5280, the wallet of <c>./tb run</c>.
    /// </summary>
    public string WalletPublicUrl { get; set; } = "http://127.0.0.1:5280";

    /// <summary>The wallet's origin (scheme, host and port), or null when <see cref="WalletPublicUrl"/> is not an absolute http(s) URL.</summary>
    public string? WalletOrigin() =>
        Uri.TryCreate(WalletPublicUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && string.IsNullOrEmpty(url.UserInfo)
            ? url.GetLeftPart(UriPartial.Authority)
            : null;
}
