using TicketBooking.Engine.Commands;

namespace TicketBooking.Wallet.Settlement;

/// <summary>How a held order's payment came out: paid, or failed for <see cref="FailureReason"/>.</summary>
public sealed record PaymentOutcome(Guid OrderId, long SessionId, long BuyerId, long Amount, string? FailureReason)
{
    public const string InsufficientFunds = "insufficient funds";
    public const string NoAccount = "no account";
    public const string WrongCurrency = "account in another currency";
    public const string InvalidAmount = "invalid amount";
    public const string InsufficientPoints = "insufficient loyalty points";
    public const string PointsFrozen = "loyalty points frozen while the buyer is blocked";

    public bool Succeeded => FailureReason is null;

    /// <summary>The message id that makes republishing the outcome harmless within the input stream's duplicate window.</summary>
    public string MessageId => $"pay:{OrderId:N}";

    public Command ToCommand() =>
        FailureReason is null ? new PaymentSucceeded(OrderId, SessionId) : new PaymentFailed(OrderId, SessionId, FailureReason);
}
