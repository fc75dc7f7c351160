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
    public const string Tick = "tick";
    public const string Batch = "batch";

    public static string Of(Command command) => command switch
    {
        OpenSession => Open,
        CloseSession => Close,
        Engine.Commands.Purchase => Purchase,
        PaymentSucceeded or PaymentFailed => Payment,
        Engine.Commands.Cancel => Cancel,
        Engine.Commands.Tick => Tick,
        InputBatch => Batch,
        _ => throw new ArgumentException($"{command?.GetType().Name ?? "null"} is not sent on the wire.", nameof(command)),
    };

    /// <summary>The session a command belongs to; ticks and batches belong to a partition, not a session.</summary>
    public static long? SessionOf(Command command) => command switch
    {
        OpenSession open => open.SessionId,
        CloseSession close => close.SessionId,
        Engine.Commands.Purchase purchase => purchase.SessionId,
        PaymentSucceeded paid => paid.SessionId,
        PaymentFailed failed => failed.SessionId,
        Engine.Commands.Cancel cancel => cancel.SessionId,
        _ => null,
    };
}
