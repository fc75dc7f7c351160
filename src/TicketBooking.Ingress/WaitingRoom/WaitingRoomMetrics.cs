using System.Diagnostics.Metrics;

namespace TicketBooking.Ingress.WaitingRoom;

/// <summary>The waiting room's instruments, on the ingress's meter.</summary>
public sealed class WaitingRoomMetrics
{
    private readonly Counter<long> _admissions;
    private readonly Histogram<double> _stepDuration;

    public WaitingRoomMetrics(IMeterFactory meters, RoomBoard board)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(board);
        var meter = meters.Create(IngressMetrics.MeterName);
        _admissions = meter.CreateCounter<long>(
            "tb.ingress.waiting_room.admissions",
            unit: "{visitor}",
            description: "Visitors admitted (waiting-list offers included) by the admitter while it ran on this instance.");
        _stepDuration = meter.CreateHistogram<double>(
            "tb.ingress.waiting_room.step.duration",
            unit: "s",
            description: "How long one admission step over every room took on this instance (the admitter's lock holder).");
        meter.CreateObservableGauge(
            "tb.ingress.waiting_room.waiting",
            () => board.All().Sum(room => Math.Max(0, room.LastPosition - room.AdmittedThrough)),
            unit: "{visitor}",
            description: "Visitors with a position not admitted yet, over every room this instance knows (those who left ahead included: an upper bound).");
    }

    public void Admitted(long visitors) => _admissions.Add(visitors);

    public void StepTook(TimeSpan duration) => _stepDuration.Record(duration.TotalSeconds);
}
