using System.Diagnostics.Metrics;

namespace TicketBooking.Wallet;

/// <summary>Instruments of the <c>TicketBooking.Wallet</c> meter, scraped at /metrics.</summary>
internal static class WalletMetrics
{
    public const string MeterName = "TicketBooking.Wallet";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> PaymentsSettled = Meter.CreateCounter<long>(
        "tb.wallet.payments.settled", "{payment}", "Held orders whose payment was decided, by outcome (decided once each).");

    public static readonly Counter<long> PaymentsPublished = Meter.CreateCounter<long>(
        "tb.wallet.payments.published", "{payment}", "Payment results published to the engine, republications after a redelivery included.");

    public static readonly Counter<long> Refunds = Meter.CreateCounter<long>(
        "tb.wallet.refunds", "{refund}", "Refunds due that matched a debit (credited once each, however often delivered).");

    public static readonly Counter<long> SettlementDeadLetters = Meter.CreateCounter<long>(
        "tb.wallet.settlement.dead_letters", "{order}", "Payments and refunds parked in wallet.settlement_dead_letters because they cannot be settled, by kind (parked once each).");

    public static readonly Histogram<long> BatchMessages = Meter.CreateHistogram<long>(
        "tb.wallet.settlement.batch.messages", "{message}", "Journal messages settled in one transaction.");

    public static readonly Histogram<long> BatchOrders = Meter.CreateHistogram<long>(
        "tb.wallet.settlement.batch.orders", "{order}", "Held orders and refunds settled in one transaction.");

    public static readonly Counter<long> TopUps = Meter.CreateCounter<long>(
        "tb.wallet.top_ups", "{top_up}", "Top-ups credited (replays of an Idempotency-Key not counted).");
}
