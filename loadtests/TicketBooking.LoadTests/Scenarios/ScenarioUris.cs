namespace TicketBooking.LoadTests.Scenarios;

internal static class ScenarioUris
{
    public static Uri RequireHttp(Uri uri)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"'{uri}' is not an absolute http(s) URL.");
        }

        return uri;
    }

    public static Uri ParseHttp(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) ? RequireHttp(uri) : throw new FormatException($"'{text}' is not an absolute http(s) URL.");
}
