using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.Engine;

/// <summary>
/// Which order and which session an input or a decision is about: the one answer every reader of the logs
/// shares. Every kind is named, so that a new one is refused here until it has an answer.
/// </summary>
public static class Concerning
{
    /// <summary>The order a command names; session and partition commands, ticks and batches (whose commands name their own) name none.</summary>
    public static Guid? OrderOf(Command command) => command switch
    {
        Purchase purchase => purchase.OrderId,
        PaymentSucceeded paid => paid.OrderId,
        PaymentFailed failed => failed.OrderId,
        Cancel cancel => cancel.OrderId,
        ExtendHold extend => extend.OrderId,
        OpenSession or CloseSession or DefinePromoCode or Tick or InputBatch or Unreadable => null,
        _ => throw Unknown(command, nameof(command)),
    };

    /// <summary>The session a command belongs to; ticks, batches and promo code definitions belong to a partition, an unreadable input to none.</summary>
    public static long? SessionOf(Command command) => command switch
    {
        OpenSession open => open.SessionId,
        CloseSession close => close.SessionId,
        Purchase purchase => purchase.SessionId,
        PaymentSucceeded paid => paid.SessionId,
        PaymentFailed failed => failed.SessionId,
        Cancel cancel => cancel.SessionId,
        ExtendHold extend => extend.SessionId,
        DefinePromoCode or Tick or InputBatch or Unreadable => null,
        _ => throw Unknown(command, nameof(command)),
    };

    /// <summary>The order a decision is about, a rejection's included (a repeated purchase's too); session and partition decisions name none.</summary>
    public static Guid? OrderOf(Decision decision) => decision switch
    {
        OrderHeld held => held.OrderId,
        Rejected rejected => NamesOrder(rejected.Command) ? rejected.OrderId : null,
        OrderConfirmed confirmed => confirmed.OrderId,
        OrderReleased released => released.OrderId,
        OrderExpired expired => expired.OrderId,
        OrderCancelled cancelled => cancelled.OrderId,
        RefundDue due => due.OrderId,
        HoldExtended extended => extended.OrderId,
        SessionOpened or SessionClosed or PromoCodeDefined => null,
        _ => throw Unknown(decision, nameof(decision)),
    };

    /// <summary>The session a decision is about; a promo code's definition (a partition's) and the rejection of an unreadable input or of a definition are about none.</summary>
    public static long? SessionOf(Decision decision) => decision switch
    {
        SessionOpened opened => opened.SessionId,
        SessionClosed closed => closed.SessionId,
        OrderHeld held => held.SessionId,
        Rejected rejected => rejected.Command is CommandKind.Unreadable or CommandKind.DefinePromoCode ? null : rejected.SessionId,
        OrderConfirmed confirmed => confirmed.SessionId,
        OrderReleased released => released.SessionId,
        OrderExpired expired => expired.SessionId,
        OrderCancelled cancelled => cancelled.SessionId,
        RefundDue due => due.SessionId,
        HoldExtended extended => extended.SessionId,
        PromoCodeDefined => null,
        _ => throw Unknown(decision, nameof(decision)),
    };

    private static bool NamesOrder(CommandKind command) =>
        command is CommandKind.Purchase or CommandKind.PaymentSucceeded or CommandKind.PaymentFailed or CommandKind.Cancel or CommandKind.ExtendHold;

    private static ArgumentException Unknown(object? kind, string parameter) => kind is null
        ? new ArgumentNullException(parameter)
        : new ArgumentException($"{kind.GetType().Name} is a kind with no answer here yet.", parameter);
}
