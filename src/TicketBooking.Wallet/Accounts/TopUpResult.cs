namespace TicketBooking.Wallet.Accounts;

public enum TopUpStatus
{
    /// <summary>Credited now.</summary>
    Created,

    /// <summary>The same credit was made before (same payment id or Idempotency-Key, same request): nothing credited again.</summary>
    Replayed,

    NoAccount,

    /// <summary>The payment id or Idempotency-Key was used before for a different credit.</summary>
    KeyReused,

    /// <summary>The credit is not in the account's currency.</summary>
    WrongCurrency,

    /// <summary>The balance would exceed <see cref="WalletOptions.MaxBalance"/>.</summary>
    BalanceLimit,
}

/// <summary>What a top-up came to; <see cref="Receipt"/> is set when it was credited, now or before.</summary>
public sealed record TopUpResult(TopUpStatus Status, TopUpReceipt? Receipt = null, string? AccountCurrency = null);

/// <summary>Where a top-up's money comes from: a provider's payment (<see cref="ExternalId"/> its payment id) or an admin's credit.</summary>
public sealed record CreditSource(string Source, string ExternalId, long? AdminId = null, string? Reason = null)
{
    public const string Provider = "provider";
    public const string Admin = "admin";

    public static CreditSource FromProvider(string paymentId) => new(Provider, paymentId);

    public static CreditSource FromAdmin(long adminId, string idempotencyKey, string reason) => new(Admin, $"{adminId}:{idempotencyKey}", adminId, reason);

    /// <summary>The ledger's request id: unique per buyer, as the ledger's index wants.</summary>
    public string RequestId => $"{Source}:{ExternalId}";
}
