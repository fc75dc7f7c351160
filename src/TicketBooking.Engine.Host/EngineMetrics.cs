using System.Diagnostics.Metrics;

namespace TicketBooking.Engine.Host;

/// <summary>The engine host's instruments; the snapshot writer's are on a meter of its own (<c>SnapshotMetrics</c>).</summary>
public static class EngineMetrics
{
    public const string MeterName = "TicketBooking.Engine.Host";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Decisions = Meter.CreateCounter<long>("tb.engine.decisions", description: "Decisions journaled.");

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("tb.engine.journal.batch_size", "{decision}", "Decisions per journal batch.");

    public static readonly Histogram<double> JournalLatency = Meter.CreateHistogram<double>("tb.engine.journal.append_duration", "ms", "Time to make one batch durable in JetStream.");

    public static readonly Histogram<double> RecoveryDuration = Meter.CreateHistogram<double>("tb.engine.recovery.duration", "ms", "Time from taking a partition to running it.");

    public static readonly Counter<long> RecoveryBatches = Meter.CreateCounter<long>("tb.engine.recovery.batches", description: "Journal batches replayed during recovery.");

    public static readonly Counter<long> Ticks = Meter.CreateCounter<long>("tb.engine.ticks", description: "Tick inputs published.");

    public static void ObserveStreamFill(Func<IEnumerable<Measurement<double>>> observe) =>
        Meter.CreateObservableGauge("tb.engine.stream.fill_ratio", observe, "1", "Bytes each JetStream stream stores over its MaxBytes, read every Engine:Streams:FillCheckInterval.");

    public static void ObserveRingOccupancy(Func<IEnumerable<Measurement<long>>> observe) =>
        Meter.CreateObservableGauge("tb.engine.ring.occupancy", observe, "{slot}", "Ring slots taken by inputs not yet journaled.");
}
