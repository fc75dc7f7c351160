namespace TicketBooking.LoadTests.Queue;

/// <summary>A rate over a run from the instants its events happened: per whole second from the first event, and overall.</summary>
public sealed record RateSeries(long Count, double Seconds, double MedianPerSecond, double MeanPerSecond, long PeakPerSecond)
{
    /// <summary>
    /// Counts per second since the first instant (seconds without an event count as 0); the last second, cut short by
    /// the end of the run, is left out of the median when there are three or more. The mean is the count over the span
    /// from the first to the last instant. Empty: all zero.
    /// </summary>
    public static RateSeries Of(IReadOnlyCollection<DateTimeOffset> instants)
    {
        ArgumentNullException.ThrowIfNull(instants);
        if (instants.Count == 0)
        {
            return new RateSeries(0, 0, 0, 0, 0);
        }

        var first = instants.Min();
        var span = (instants.Max() - first).TotalSeconds;
        var buckets = new long[(int)Math.Floor(span) + 1];
        foreach (var instant in instants)
        {
            buckets[(int)Math.Floor((instant - first).TotalSeconds)]++;
        }

        var counted = buckets.Length >= 3 ? buckets[..^1] : buckets;
        Array.Sort(counted);
        double median = counted.Length % 2 == 1 ? counted[counted.Length / 2] : (counted[(counted.Length / 2) - 1] + counted[counted.Length / 2]) / 2.0;
        double mean = span > 0 ? instants.Count / span : instants.Count;
        return new RateSeries(instants.Count, Math.Round(span, 3), median, Math.Round(mean, 1), buckets.Max());
    }
}
