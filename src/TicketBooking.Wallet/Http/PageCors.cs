namespace TicketBooking.Wallet.Http;

/// <summary>
/// Cross-origin access for the buyer's page (served by the ingress, another origin): the origins of
/// <see cref="WalletOptions.CorsOrigins"/> may call with GET and POST, sending Authorization and Content-Type;
/// no credentials (the page holds its token itself). Without origins configured no cross-origin call is allowed.
/// </summary>
public static class PageCors
{
    public const string Policy = "buyer-page";

    /// <summary>Whether <paramref name="origin"/> is an origin as browsers send it: http(s), a host, a port at most; no path, query, user or wildcard.</summary>
    public static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var url)
        && url.Scheme is "http" or "https"
        && string.IsNullOrEmpty(url.UserInfo)
        && !origin.Contains('*', StringComparison.Ordinal)
        && string.Equals(url.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase);

    public static void AddPageCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection($"{WalletOptions.Section}:{nameof(WalletOptions.CorsOrigins)}").Get<string[]>() ?? [];
        services.AddCors(cors => cors.AddPolicy(Policy, policy => policy
            .WithOrigins(origins)
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders("Authorization", "Content-Type")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
    }
}
