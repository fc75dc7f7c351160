using System.Text.Json;
using System.Text.Json.Serialization;

namespace TicketBooking.Ops;

/// <summary>One-line renderings of commands and decisions: the type's name, then its fields as JSON.</summary>
public static class LogText
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new JsonStringEnumConverter() } };

    public static string Of(object entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return $"{entry.GetType().Name} {JsonSerializer.Serialize(entry, entry.GetType(), Options)}";
    }

    /// <summary>A log timestamp in milliseconds since the epoch, as UTC ISO 8601.</summary>
    public static string Time(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
}
