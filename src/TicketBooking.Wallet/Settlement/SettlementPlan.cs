namespace TicketBooking.Wallet.Settlement;

/// <summary>A ledger entry that settlement writes for an order.</summary>
public sealed record OrderEntry(Guid OrderId, long SessionId, long BuyerId, long Amount);

/// <summary>
/// The decisions for one batch, made from the ledger's state: every held order's outcome (recorded
/// before, or decided now), the debits and refunds to write, and the refunds that match no debit.
/// Pure, so that the rules can be tested without a database.
/// </summary>
/// <remarks>
/// An order's outcome is decided once: a recorded one is reused, whatever the balance is now,
/// because the engine may already have released the seats of a failed payment. A new outcome debits
/// the buyer when the account (in <c>currency</c>) covers the amount, counting the debits of this
/// batch; otherwise it fails. An order of amount 0 succeeds without a ledger entry. A refund credits
/// what the order's debit took, once; a refund without a debit is reported, not paid.
/// </remarks>
public sealed class SettlementPlan
{
    private SettlementPlan(
        IReadOnlyList<PaymentOutcome> outcomes,
        IReadOnlyList<PaymentOutcome> newOutcomes,
        IReadOnlyList<OrderEntry> debits,
        IReadOnlyList<OrderEntry> refunds,
        IReadOnlyList<DueRefund> unmatchedRefunds)
    {
        Outcomes = outcomes;
        NewOutcomes = newOutcomes;
        Debits = debits;
        Refunds = refunds;
        UnmatchedRefunds = unmatchedRefunds;
    }

    /// <summary>One per held order of the batch, in order: what to publish to the engine.</summary>
    public IReadOnlyList<PaymentOutcome> Outcomes { get; }

    /// <summary>The outcomes decided now, to record.</summary>
    public IReadOnlyList<PaymentOutcome> NewOutcomes { get; }

    public IReadOnlyList<OrderEntry> Debits { get; }

    /// <summary>Refunds to write unless the order has one already.</summary>
    public IReadOnlyList<OrderEntry> Refunds { get; }

    public IReadOnlyList<DueRefund> UnmatchedRefunds { get; }

    /// <summary>What each buyer's balance goes down by.</summary>
    public IReadOnlyDictionary<long, long> DebitTotals =>
        Debits.GroupBy(debit => debit.BuyerId).ToDictionary(group => group.Key, group => group.Sum(debit => debit.Amount));

    public static SettlementPlan Create(SettlementWork work, LedgerState ledger, string currency)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(ledger);
        var balances = ledger.Accounts.ToDictionary(account => account.Key, account => account.Value.Balance);
        var outcomes = new List<PaymentOutcome>(work.Holds.Count);
        var newOutcomes = new List<PaymentOutcome>();
        var debits = new List<OrderEntry>();
        foreach (var hold in work.Holds)
        {
            if (ledger.RecordedOutcomes.TryGetValue(hold.OrderId, out var recorded))
            {
                outcomes.Add(recorded);
                continue;
            }

            var failure = FailureOf(hold, ledger, balances, currency);
            if (failure is null && hold.Amount > 0)
            {
                balances[hold.BuyerId] -= hold.Amount;
                debits.Add(new OrderEntry(hold.OrderId, hold.SessionId, hold.BuyerId, hold.Amount));
            }

            var outcome = new PaymentOutcome(hold.OrderId, hold.SessionId, hold.BuyerId, hold.Amount, failure);
            outcomes.Add(outcome);
            newOutcomes.Add(outcome);
        }

        var debited = debits.ToDictionary(debit => debit.OrderId);
        var refunds = new List<OrderEntry>();
        var unmatched = new List<DueRefund>();
        foreach (var refund in work.Refunds)
        {
            if (ledger.Debits.TryGetValue(refund.OrderId, out var recorded))
            {
                refunds.Add(new OrderEntry(refund.OrderId, recorded.SessionId, recorded.BuyerId, recorded.Amount));
            }
            else if (debited.TryGetValue(refund.OrderId, out var debit))
            {
                refunds.Add(debit);
            }
            else if (refund.Amount > 0)
            {
                unmatched.Add(refund);
            }
        }

        return new SettlementPlan(outcomes, newOutcomes, debits, refunds, unmatched);
    }

    private static string? FailureOf(HeldOrder hold, LedgerState ledger, Dictionary<long, long> balances, string currency)
    {
        if (hold.Amount == 0)
        {
            return null;
        }

        if (!ledger.Accounts.TryGetValue(hold.BuyerId, out var account))
        {
            return PaymentOutcome.NoAccount;
        }

        if (account.Currency != currency)
        {
            return PaymentOutcome.WrongCurrency;
        }

        return balances[hold.BuyerId] >= hold.Amount ? null : PaymentOutcome.InsufficientFunds;
    }
}
