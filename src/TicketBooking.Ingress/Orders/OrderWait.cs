using System.Globalization;

namespace TicketBooking.Ingress.Orders;

/// <summary>
/// How long a client asks an order-status read to wait for the next change: the query <c>?wait=10</c> (or
/// <c>10s</c>), or the RFC 7240 preference <c>Prefer: wait=10</c>. A wait longer than the server's limit is
/// cut to it, as RFC 7240 lets a server do.
/// </summary>
public static class OrderWait
{
    /// <summary>False when the query's wait is not a number of seconds; no wait asked reads as zero.</summary>
    public static bool TryRead(HttpRequest request, TimeSpan limit, out TimeSpan wait, out bool fromPrefer)
    {
        ArgumentNullException.ThrowIfNull(request);
        wait = TimeSpan.Zero;
        fromPrefer = false;
        if (request.Query.TryGetValue("wait", out var query))
        {
            if (!TryParseSeconds(query.ToString(), out var seconds))
            {
                return false;
            }

            wait = Cap(seconds, limit);
            return true;
        }

        foreach (var header in request.Headers["Prefer"])
        {
            foreach (var preference in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (preference.StartsWith("wait=", StringComparison.OrdinalIgnoreCase) && TryParseSeconds(preference[5..], out var seconds))
                {
                    wait = Cap(seconds, limit);
                    fromPrefer = true;
                    return true;
                }
            }
        }

        return true;
    }

    private static bool TryParseSeconds(string text, out double seconds)
    {
        var number = text.EndsWith('s') ? text[..^1] : text;
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out seconds) && seconds >= 0;
    }

    private static TimeSpan Cap(double seconds, TimeSpan limit) =>
        seconds >= limit.TotalSeconds ? limit : TimeSpan.FromSeconds(seconds);
}
