using System.Diagnostics.Metrics;
using TicketBooking.Ingress.Orders;

namespace TicketBooking.Ingress;

/// <summary>The ingress's own instruments, on a meter of this host (several ingresses may share a process in tests).</summary>
public sealed class IngressMetrics
{
    public const string MeterName = "TicketBooking.Ingress";

    public IngressMetrics(IMeterFactory meters, OrderStatusCache orders, IngressFollowers followers)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(followers);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge(
            "tb.ingress.orders.pending",
            () => orders.Pending,
            unit: "{order}",
            description: "Orders this instance accepted (202) whose first decision it has not read yet; 0 once everything accepted is decided.");
        meter.CreateObservableGauge(
            "tb.ingress.follower.pending",
            () => followers.All.Select(follower => new Measurement<long>((long)follower.Pending, new KeyValuePair<string, object?>("follower", follower.Name))),
            unit: "{message}",
            description: "Per stream follower (decisions, availability), the messages the server had not delivered to it yet, as of its last message.");
        meter.CreateObservableGauge(
            "tb.ingress.follower.live",
            () => followers.All.Select(follower => new Measurement<int>(follower.IsLive ? 1 : 0, new KeyValuePair<string, object?>("follower", follower.Name))),
            unit: "{consumer}",
            description: "Per stream follower, 1 while it has a live consumer on the server, 0 while NATS is away or the consumer is being created again.");
    }
}
