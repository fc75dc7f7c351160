using System.Diagnostics.Metrics;

namespace TicketBooking.Storage;

/// <summary>Instruments of the <c>TicketBooking.Engine</c> meter that the snapshot writer reports to, tagged by partition.</summary>
internal static class SnapshotMetrics
{
    public const string MeterName = "TicketBooking.Engine";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Written = Meter.CreateCounter<long>(
        "tb.engine.snapshots.written", "{snapshot}", "Snapshots saved to PostgreSQL.");

    public static readonly Counter<long> Bytes = Meter.CreateCounter<long>(
        "tb.engine.snapshots.bytes", "By", "Encoded snapshot bytes saved to PostgreSQL.");

    public static readonly Counter<long> Failed = Meter.CreateCounter<long>(
        "tb.engine.snapshots.failed", "{snapshot}", "Snapshots that could not be encoded or saved.");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "tb.engine.snapshots.duration", "s", "Time to encode and save one snapshot.");
}
