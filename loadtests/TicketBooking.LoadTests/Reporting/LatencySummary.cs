using HdrHistogram;

namespace TicketBooking.LoadTests.Reporting;

/// <summary>Percentiles of a latency histogram, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double Mean, double P50, double P75, double P95, double P99, double P999, double Max)
{
    /// <summary>The summary of a histogram recorded in microseconds; null when it is empty.</summary>
    public static LatencySummary? FromMicroseconds(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return null;
        }

        return new LatencySummary(
            histogram.TotalCount,
            Milliseconds(histogram.GetMean()),
            Milliseconds(histogram.GetValueAtPercentile(50)),
            Milliseconds(histogram.GetValueAtPercentile(75)),
            Milliseconds(histogram.GetValueAtPercentile(95)),
            Milliseconds(histogram.GetValueAtPercentile(99)),
            Milliseconds(histogram.GetValueAtPercentile(99.9)),
            Milliseconds(histogram.GetMaxValue()));
    }

    private static double Milliseconds(double microseconds) => Math.Round(microseconds / 1000.0, 3);
}
