using System.Globalization;

namespace TicketBooking.LoadTests.Cli;

/// <summary>Parses the CLI's values: durations (<c>500ms</c>, <c>5s</c>, <c>2m</c>), rate lists and ratios.</summary>
public static class CliValues
{
    /// <summary>A duration: a number with <c>ms</c>, <c>s</c> or <c>m</c>, a bare number of seconds, or <c>hh:mm:ss</c>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 0.001),
            _ when text.EndsWith('s') || text.EndsWith('S') => (text[..^1], 1),
            _ when text.EndsWith('m') || text.EndsWith('M') => (text[..^1], 60),
            _ => (text, 1),
        };
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0 && value * scale < TimeSpan.MaxValue.TotalSeconds)
        {
            duration = TimeSpan.FromSeconds(value * scale);
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }

    /// <summary>Positive rates separated by commas, such as <c>1000,2000,4000</c>.</summary>
    public static bool TryParseRates(IEnumerable<string> texts, out double[] rates)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var parsed = new List<double>();
        foreach (var part in texts.SelectMany(text => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || !double.IsFinite(rate) || rate <= 0)
            {
                rates = [];
                return false;
            }

            parsed.Add(rate);
        }

        rates = [.. parsed];
        return rates.Length > 0;
    }

    /// <summary>A ratio from 0 to 1, written as <c>0.01</c> or <c>1%</c>.</summary>
    public static bool TryParseRatio(string text, out double ratio)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        bool percent = text.EndsWith('%');
        if (double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out ratio))
        {
            ratio = percent ? ratio / 100 : ratio;
            return ratio is >= 0 and <= 1;
        }

        return false;
    }

    /// <summary>A header written as <c>Name: value</c>.</summary>
    public static bool TryParseHeader(string text, out KeyValuePair<string, string> header)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        header = colon > 0 ? new(text[..colon].Trim(), text[(colon + 1)..].Trim()) : default;
        return colon > 0 && header.Key.Length > 0;
    }

    /// <summary>A message on one line: every run of whitespace one space.</summary>
    public static string OneLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return string.Join(' ', message.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }
}
