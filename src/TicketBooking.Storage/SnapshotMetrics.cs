using System.Diagnostics.Metrics;

namespace TicketBooking.Storage;

/// <summary>The snapshot writer's instruments, on a meter of their own (the engine host exports it), tagged by partition.</summary>
public static class SnapshotMetrics
{
    public const string MeterName = "TicketBooking.Storage.Snapshots";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Written = Meter.CreateCounter<long>(
        "tb.engine.snapshots.written", "{snapshot}", "Snapshots saved to PostgreSQL.");

    internal static readonly Counter<long> Bytes = Meter.CreateCounter<long>(
        "tb.engine.snapshots.bytes", "By", "Encoded snapshot bytes saved to PostgreSQL.");

    internal static readonly Counter<long> Failed = Meter.CreateCounter<long>(
        "tb.engine.snapshots.failed", "{snapshot}", "Snapshots that could not be encoded or saved.");

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "tb.engine.snapshots.duration", "s", "Time to encode and save one snapshot.");
}
