using System.Diagnostics.Metrics;
using TicketBooking.Ingress.Orders;

namespace TicketBooking.Ingress;

/// <summary>The ingress's own instruments, on a meter of this host (several ingresses may share a process in tests).</summary>
public sealed class IngressMetrics
{
    public const string MeterName = "TicketBooking.Ingress";

    public IngressMetrics(IMeterFactory meters, OrderStatusCache orders)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(orders);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge(
            "tb.ingress.orders.pending",
            () => orders.Pending,
            unit: "{order}",
            description: "Orders this instance accepted (202) whose first decision it has not read yet; 0 once everything accepted is decided.");
    }
}
