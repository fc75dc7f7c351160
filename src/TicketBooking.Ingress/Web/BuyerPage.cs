using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace TicketBooking.Ingress.Web;

/// <summary>
/// The buyer's web page: the files of wwwroot, embedded in this assembly (so every host of the ingress, a test's
/// included, serves the same page without a content root), <c>GET /config.json</c> with the wallet's public URL, and
/// the page's security headers (a strict Content-Security-Policy: scripts, styles and connections only from here,
/// connections also to the wallet; no framing; no sniffing; no referrer).
/// </summary>
public static class BuyerPage
{
    public const string ConfigPath = "/config.json";

    /// <summary>Prefix of the embedded files' resource names (see the csproj).</summary>
    private const string ResourcePrefix = "TicketBooking.Ingress.wwwroot";

    public static void AddBuyerPage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BuyerPageOptions>()
            .Bind(configuration.GetSection(IngressOptions.Section))
            .Validate(options => options.WalletOrigin() is not null, "Ingress:WalletPublicUrl must be an absolute http(s) URL of the wallet as browsers reach it, such as http://127.0.0.1:5280.")
            .ValidateOnStart();
    }

    /// <summary>Serves the page's files at / (index.html by default) and its configuration; before authentication, since all of it is public.</summary>
    public static void UseBuyerPage(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(BuyerPage).Assembly, ResourcePrefix);
        var options = app.Services.GetRequiredService<IOptions<BuyerPageOptions>>().Value;
        var headers = SecurityHeaders(options.WalletOrigin()!);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                Apply(context.Context.Response, headers);

                // Not fingerprinted: revalidated on every load (ETag), so a new page is picked up at once.
                context.Context.Response.Headers.CacheControl = "no-cache";
            },
        });
        app.MapGet(ConfigPath, (HttpContext http) =>
            {
                Apply(http.Response, headers);
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(new PageConfig(options.WalletPublicUrl.TrimEnd('/')));
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
    }

    private static KeyValuePair<string, string>[] SecurityHeaders(string walletOrigin) =>
    [
        KeyValuePair.Create(
            HeaderNames.ContentSecurityPolicy,
            $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' {walletOrigin}; "
            + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
        KeyValuePair.Create(HeaderNames.XContentTypeOptions, "nosniff"),
        KeyValuePair.Create("Referrer-Policy", "no-referrer"),
        KeyValuePair.Create(HeaderNames.XFrameOptions, "DENY"),
    ];

    private static void Apply(HttpResponse response, KeyValuePair<string, string>[] headers)
    {
        foreach (var (name, value) in headers)
        {
            response.Headers[name] = value;
        }
    }

    /// <summary>What <c>GET /config.json</c> tells the page.</summary>
    public sealed record PageConfig(string WalletUrl);
}
