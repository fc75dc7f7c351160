namespace TicketBooking.Wallet.Accounts;

public enum TopUpStatus
{
    /// <summary>Credited now.</summary>
    Created,

    /// <summary>The Idempotency-Key was used before for the same top-up: nothing credited again.</summary>
    Replayed,

    NoAccount,

    /// <summary>The Idempotency-Key was used before for a different top-up.</summary>
    KeyReused,

    /// <summary>The top-up is not in the account's currency.</summary>
    WrongCurrency,

    /// <summary>The balance would exceed what a bigint holds.</summary>
    Overflow,
}

/// <summary>What a top-up came to; <see cref="Receipt"/> is set when it was credited, now or before.</summary>
public sealed record TopUpResult(TopUpStatus Status, TopUpReceipt? Receipt = null, string? AccountCurrency = null);
