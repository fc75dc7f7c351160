namespace TicketBooking.Wallet.Settlement;

/// <summary>What settlement was asked to do for a parked order.</summary>
public enum DeadLetterKind
{
    Payment = 1,
    Refund = 2,

    /// <summary>A confirmed order's loyalty earning.</summary>
    Earn = 3,
}

/// <summary>
/// A payment, a refund or a loyalty earning that settlement parked in <c>wallet.settlement_dead_letters</c> instead of carrying it
/// out, so that the rest of its batch settles. Nothing was debited or credited for it.
/// </summary>
/// <param name="Error">The exception, whole, when one stopped the order's settlement.</param>
public sealed record DeadLetter(Guid OrderId, DeadLetterKind Kind, long SessionId, long BuyerId, long Amount, string Reason, string? Error = null)
{
    public const string BalanceOverflow = "the refund would take the balance past the largest amount an account holds";
    public const string AccountNotLocked = "the refund's buyer has no account in this settlement";

    /// <summary>The kind as the table's <c>kind</c> column spells it.</summary>
    public string KindName => Kind switch
    {
        DeadLetterKind.Payment => "payment",
        DeadLetterKind.Refund => "refund",
        _ => "earn",
    };

    public static DeadLetterKind ParseKind(string name) => name switch
    {
        "payment" => DeadLetterKind.Payment,
        "refund" => DeadLetterKind.Refund,
        _ => DeadLetterKind.Earn,
    };
}
