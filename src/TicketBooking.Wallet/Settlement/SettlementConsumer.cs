using System.Diagnostics.Metrics;
using TicketBooking.Messaging.Consuming;

namespace TicketBooking.Wallet.Settlement;

/// <summary>
/// Where settlement's durable consumer stands: its readiness (live, and at most
/// <see cref="SettlementOptions.MaxPending"/> journal messages behind) and its gauges, on a meter of this host.
/// </summary>
public sealed class SettlementConsumer
{
    public const string MeterName = "TicketBooking.Wallet.SettlementConsumer";

    public SettlementConsumer(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge(
            "tb.wallet.settlement.pending",
            () => (long)Progress.Pending,
            "{message}",
            "Journal messages the settlement consumer had not been delivered yet, as of its last fetch.");
        meter.CreateObservableGauge(
            "tb.wallet.settlement.live",
            () => Progress.IsLive ? 1 : 0,
            "{consumer}",
            "1 while settlement has a live consumer on the server, 0 while NATS is away or the consumer is being created again.");
    }

    public ConsumerProgress Progress { get; } = new("settlement");
}
