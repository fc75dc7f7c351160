namespace TicketBooking.Wallet.Settlement;

/// <summary>An account as locked for settlement.</summary>
public sealed record AccountBalance(string Currency, long Balance);

/// <summary>A debit already in the ledger.</summary>
public sealed record RecordedDebit(long BuyerId, long SessionId, long Amount);

/// <summary>
/// What the wallet knows about a batch's orders and buyers, read inside the settlement transaction
/// with the buyers' accounts locked: the outcomes recorded before, the accounts, the debits of
/// the orders due a refund, the refunds already credited, and the orders parked before.
/// </summary>
public sealed record LedgerState(
    IReadOnlyDictionary<Guid, PaymentOutcome> RecordedOutcomes,
    IReadOnlyDictionary<long, AccountBalance> Accounts,
    IReadOnlyDictionary<Guid, RecordedDebit> Debits,
    IReadOnlySet<Guid> RecordedRefunds,
    IReadOnlySet<(Guid OrderId, DeadLetterKind Kind)> DeadLetters);
