using TicketBooking.Contracts;
using TicketBooking.Engine.Commands;

namespace TicketBooking.Messaging;

/// <summary>The last token of an input subject, <c>tb.in.{session}.{kind}</c>: what kind of command it carries.</summary>
public static class InputKinds
{
    public const string Open = "open";
    public const string Close = "close";
    public const string Purchase = "purchase";
    public const string Payment = "payment";
    public const string Cancel = "cancel";
    public const string Extend = "extend";
    public const string Tick = Subjects.TickKind;

    /// <summary>A partition's promo code definition, <c>tb.in.{p}._.promo</c>.</summary>
    public const string PromoCode = Subjects.PromoCodeKind;

    /// <summary>A partition's batch of purchases and cancellations, <c>tb.in.{p}._.orders</c>.</summary>
    public const string Orders = Subjects.OrdersBatchKind;

    /// <summary>A partition's batch of payment results, <c>tb.in.{p}._.payments</c>.</summary>
    public const string Payments = Subjects.PaymentsBatchKind;

    /// <summary>
    /// <c>tb.in.{p}._.batch</c>, where the ingress and the wallet both wrote their batches before the split: still
    /// read (any commands of a session) so that logs written before re-execute alike; nats.conf lets nobody publish it.
    /// </summary>
    public const string LegacyBatch = "batch";

    /// <summary>The kind of a command sent alone; a batch's kind is that of its commands (<see cref="BatchOf"/>).</summary>
    public static string Of(Command command) => command switch
    {
        OpenSession => Open,
        CloseSession => Close,
        Engine.Commands.Purchase => Purchase,
        PaymentSucceeded or PaymentFailed => Payment,
        Engine.Commands.Cancel => Cancel,
        ExtendHold => Extend,
        Engine.Commands.Tick => Tick,
        DefinePromoCode => PromoCode,
        _ => throw new ArgumentException($"{command?.GetType().Name ?? "null"} is not sent alone on the wire.", nameof(command)),
    };

    /// <summary>The batch a command may travel in: <see cref="Orders"/>, <see cref="Payments"/>, or none.</summary>
    public static string? BatchOf(Command? command) => command switch
    {
        Engine.Commands.Purchase or Engine.Commands.Cancel => Orders,
        PaymentSucceeded or PaymentFailed => Payments,
        _ => null,
    };
}
