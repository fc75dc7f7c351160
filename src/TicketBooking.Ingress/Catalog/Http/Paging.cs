using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace TicketBooking.Ingress.Catalog;

/// <summary>
/// Keyset paging of catalog lists: <c>?limit=</c> (default <see cref="DefaultLimit"/>, at most <see cref="MaxLimit"/>)
/// and <c>?after=</c>, an opaque cursor holding the sort key of the last item of the page before. The answer stays a
/// JSON array; the next page, when there may be one, is in <c>Link: &lt;url&gt;; rel="next"</c>. A cursor survives
/// inserts and deletes between pages: it names a key, not an offset.
/// </summary>
public readonly record struct Page(int Limit, long[]? After)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The page asked for, or the problem with <paramref name="limit"/> or <paramref name="after"/>; <paramref name="keys"/> is the cursor's number of key parts.</summary>
    public static Page? Read(int? limit, string? after, int keys, out BadRequestProblem? problem)
    {
        problem = null;
        if (limit is < 1 or > MaxLimit)
        {
            problem = new BadRequestProblem(string.Create(CultureInfo.InvariantCulture, $"limit runs from 1 to {MaxLimit}."));
            return null;
        }

        long[]? cursor = null;
        if (after is not null && !TryDecode(after, keys, out cursor))
        {
            problem = new BadRequestProblem("after is not a cursor this list gave out.");
            return null;
        }

        return new Page(limit ?? DefaultLimit, cursor);
    }

    /// <summary>
    /// Sets the Link header to the next page when <paramref name="fetched"/> (read with <see cref="Limit"/> + 1 items) has
    /// more than a page, and returns the page's items.
    /// </summary>
    public List<T> Finish<T>(List<T> fetched, HttpContext http, Func<T, long[]> keyOf)
    {
        ArgumentNullException.ThrowIfNull(fetched);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(keyOf);
        if (fetched.Count <= Limit)
        {
            return fetched;
        }

        fetched.RemoveRange(Limit, fetched.Count - Limit);
        var query = http.Request.Query
            .Where(pair => !pair.Key.Equals("after", StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)))
            .Append(KeyValuePair.Create("after", (string?)Encode(keyOf(fetched[^1]))));
        http.Response.Headers[HeaderNames.Link] = $"<{http.Request.PathBase}{http.Request.Path}{QueryString.Create(query)}>; rel=\"next\"";
        return fetched;
    }

    public static string Encode(long[] keys) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Join('.', keys.Select(key => key.ToString(CultureInfo.InvariantCulture)))));

    private static bool TryDecode(string cursor, int keys, out long[]? decoded)
    {
        decoded = null;
        if (cursor.Length > 100 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)).Split('.');
        if (parts.Length != keys)
        {
            return false;
        }

        var values = new long[keys];
        for (var i = 0; i < keys; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }

        decoded = values;
        return true;
    }
}
