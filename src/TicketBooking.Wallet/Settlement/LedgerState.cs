using TicketBooking.Wallet.Loyalty;

namespace TicketBooking.Wallet.Settlement;

/// <summary>An account as locked for settlement.</summary>
public sealed record AccountBalance(string Currency, long Balance);

/// <summary>A debit already in the ledger.</summary>
public sealed record RecordedDebit(long BuyerId, long SessionId, long Amount);

/// <summary>
/// What the wallet knows about a batch's orders and buyers, read inside the settlement transaction
/// with the buyers' accounts locked: the outcomes recorded before, the accounts, the debits of
/// the orders due a refund, the refunds already credited, the orders parked before, and the buyers' loyalty points.
/// </summary>
/// <param name="RecordedOutcomes">The recorded payments of the batch's held and confirmed orders.</param>
public sealed record LedgerState(
    IReadOnlyDictionary<Guid, PaymentOutcome> RecordedOutcomes,
    IReadOnlyDictionary<long, AccountBalance> Accounts,
    IReadOnlyDictionary<Guid, RecordedDebit> Debits,
    IReadOnlySet<Guid> RecordedRefunds,
    IReadOnlySet<(Guid OrderId, DeadLetterKind Kind)> DeadLetters,
    LoyaltyLedger Loyalty);

/// <summary>
/// The loyalty points of a batch's buyers and orders, read with the accounts locked: each buyer's balance (the sum of
/// its entries, possibly below zero), the buyers blocked now (whose points are frozen), and the entries the batch's
/// orders have already.
/// </summary>
public sealed record LoyaltyLedger(
    IReadOnlyDictionary<long, long> Balances,
    IReadOnlySet<long> BlockedBuyers,
    IReadOnlyDictionary<(Guid OrderId, LoyaltyKind Kind), LoyaltyEntry> Entries)
{
    public static LoyaltyLedger Empty { get; } = new(new Dictionary<long, long>(), new HashSet<long>(), new Dictionary<(Guid, LoyaltyKind), LoyaltyEntry>());
}
