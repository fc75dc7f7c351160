using System.Globalization;
using System.Text.RegularExpressions;

namespace TicketBooking.LoadTests.Compare;

/// <summary>
/// Reads what <c>wrk --latency -s loadtests/wrk-orders.lua</c> prints: requests/s, the latency distribution,
/// socket errors and the script's <c>status NNN: COUNT</c> lines.
/// </summary>
public static partial class WrkOutput
{
    public static SystemFigures Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var answeredPerSecond = RequestsPerSecond().Match(text) is { Success: true } rate
            ? double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new FormatException("No 'Requests/sec:' line: this is not wrk's output.");
        var seconds = Totals().Match(text) is { Success: true } totals ? DurationSeconds(totals.Groups[2].Value) : 0;

        var statuses = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (Match status in StatusLine().Matches(text))
        {
            statuses[status.Groups[1].Value] = long.Parse(status.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        long succeeded = statuses.Where(pair => pair.Key.StartsWith('2')).Sum(pair => pair.Value);
        long transportErrors = SocketErrors().Match(text) is { Success: true } errors
            ? Enumerable.Range(1, 4).Sum(group => long.Parse(errors.Groups[group].Value, CultureInfo.InvariantCulture))
            : 0;

        return new SystemFigures(
            Source: "wrk (closed loop)",
            AnsweredPerSecond: answeredPerSecond,
            SucceededPerSecond: seconds > 0 ? Math.Round(succeeded / seconds, 1) : 0,
            LatencyP50: Percentile(text, "50"),
            LatencyP99: Percentile(text, "99"),
            DecisionP50: null,
            DecisionP99: null,
            StatusCodes: statuses,
            TransportErrors: transportErrors);
    }

    /// <summary>wrk's duration text (<c>800.00us</c>, <c>1.23ms</c>, <c>2.00s</c>, <c>1.00m</c>) in milliseconds.</summary>
    public static double Milliseconds(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var match = Duration().Match(value.Trim());
        if (!match.Success)
        {
            throw new FormatException($"'{value}' is not a wrk duration.");
        }

        double number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => number / 1000,
            "ms" => number,
            "s" => number * 1000,
            "m" => number * 60_000,
            "h" => number * 3_600_000,
            _ => throw new FormatException($"'{value}' has an unknown unit."),
        };
    }

    private static double DurationSeconds(string value) => Milliseconds(value) / 1000;

    private static double? Percentile(string text, string percent) =>
        new Regex($@"^\s*{percent}(?:\.0+)?%\s+(\S+)\s*$", RegexOptions.Multiline, TimeSpan.FromSeconds(1)).Match(text) is { Success: true } match
            ? Math.Round(Milliseconds(match.Groups[1].Value), 3)
            : null;

    [GeneratedRegex(@"^Requests/sec:\s+([0-9.]+)", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s*([0-9]+) requests in ([0-9.]+[a-z]+)", RegexOptions.Multiline)]
    private static partial Regex Totals();

    [GeneratedRegex(@"^status ([0-9]{3}): ([0-9]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"^([0-9.]+)(us|ms|s|m|h)$")]
    private static partial Regex Duration();
}
