namespace TicketBooking.Wallet.Settlement;

/// <summary>A ledger entry that settlement writes for an order.</summary>
public sealed record OrderEntry(Guid OrderId, long SessionId, long BuyerId, long Amount);

/// <summary>
/// The decisions for one batch, made from the ledger's state: every held order's outcome (recorded
/// before, or decided now), the debits and refunds to write, the refunds that match no debit, and
/// the orders to park. Pure, so that the rules can be tested without a database.
/// </summary>
/// <remarks>
/// An order's outcome is decided once: a recorded one is reused, whatever the balance is now,
/// because the engine may already have released the seats of a failed payment. A new outcome debits
/// the buyer when the account (in <c>currency</c>) covers the amount, counting the debits of this
/// batch; otherwise it fails. An order of amount 0 succeeds without a ledger entry, and one of a
/// negative amount fails. A refund credits what the order's debit took, once; a refund without a
/// debit is reported, not paid; a refund that would take the balance past <see cref="long.MaxValue"/>
/// is parked, not paid. An order parked before stays parked: it gets no outcome and no entry.
/// </remarks>
public sealed class SettlementPlan
{
    private SettlementPlan(
        IReadOnlyList<PaymentOutcome> outcomes,
        IReadOnlyList<PaymentOutcome> newOutcomes,
        IReadOnlyList<OrderEntry> debits,
        IReadOnlyList<OrderEntry> refunds,
        IReadOnlyList<DueRefund> unmatchedRefunds,
        IReadOnlyList<DeadLetter> deadLetters)
    {
        Outcomes = outcomes;
        NewOutcomes = newOutcomes;
        Debits = debits;
        Refunds = refunds;
        UnmatchedRefunds = unmatchedRefunds;
        DeadLetters = deadLetters;
    }

    /// <summary>One per held order of the batch that is not parked, in order: what to publish to the engine.</summary>
    public IReadOnlyList<PaymentOutcome> Outcomes { get; }

    /// <summary>The outcomes decided now, to record.</summary>
    public IReadOnlyList<PaymentOutcome> NewOutcomes { get; }

    public IReadOnlyList<OrderEntry> Debits { get; }

    /// <summary>Refunds to credit now: none of them is in the ledger yet.</summary>
    public IReadOnlyList<OrderEntry> Refunds { get; }

    public IReadOnlyList<DueRefund> UnmatchedRefunds { get; }

    /// <summary>Orders parked now, to record.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters { get; }

    /// <summary>What each buyer's balance goes down by.</summary>
    public IReadOnlyDictionary<long, long> DebitTotals => TotalsByBuyer(Debits);

    /// <summary>What each buyer's balance goes up by.</summary>
    public IReadOnlyDictionary<long, long> RefundTotals => TotalsByBuyer(Refunds);

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

            if (ledger.DeadLetters.Contains((hold.OrderId, DeadLetterKind.Payment)))
            {
                continue;
            }

            var failure = FailureOf(hold, ledger, balances, currency);
            if (failure is null && hold.Amount > 0)
            {
                balances[hold.BuyerId] = checked(balances[hold.BuyerId] - hold.Amount);
                debits.Add(new OrderEntry(hold.OrderId, hold.SessionId, hold.BuyerId, hold.Amount));
            }

            var outcome = new PaymentOutcome(hold.OrderId, hold.SessionId, hold.BuyerId, hold.Amount, failure);
            outcomes.Add(outcome);
            newOutcomes.Add(outcome);
        }

        var debited = debits.ToDictionary(debit => debit.OrderId);
        var refunds = new List<OrderEntry>();
        var unmatched = new List<DueRefund>();
        var deadLetters = new List<DeadLetter>();
        foreach (var refund in work.Refunds)
        {
            if (ledger.RecordedRefunds.Contains(refund.OrderId) || ledger.DeadLetters.Contains((refund.OrderId, DeadLetterKind.Refund)))
            {
                continue;
            }

            OrderEntry entry;
            if (ledger.Debits.TryGetValue(refund.OrderId, out var recorded))
            {
                entry = new OrderEntry(refund.OrderId, recorded.SessionId, recorded.BuyerId, recorded.Amount);
            }
            else if (debited.TryGetValue(refund.OrderId, out var debit))
            {
                entry = debit;
            }
            else
            {
                if (refund.Amount > 0)
                {
                    unmatched.Add(refund);
                }

                continue;
            }

            if (CreditFailureOf(entry, balances) is { } reason)
            {
                deadLetters.Add(new DeadLetter(entry.OrderId, DeadLetterKind.Refund, entry.SessionId, entry.BuyerId, entry.Amount, reason));
                continue;
            }

            balances[entry.BuyerId] = checked(balances[entry.BuyerId] + entry.Amount);
            refunds.Add(entry);
        }

        return new SettlementPlan(outcomes, newOutcomes, debits, refunds, unmatched, deadLetters);
    }

    private static string? FailureOf(HeldOrder hold, LedgerState ledger, Dictionary<long, long> balances, string currency)
    {
        if (hold.Amount < 0)
        {
            return PaymentOutcome.InvalidAmount;
        }

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

    private static string? CreditFailureOf(OrderEntry refund, Dictionary<long, long> balances)
    {
        if (!balances.TryGetValue(refund.BuyerId, out var balance))
        {
            return DeadLetter.AccountNotLocked;
        }

        return refund.Amount > long.MaxValue - balance ? DeadLetter.BalanceOverflow : null;
    }

    private static Dictionary<long, long> TotalsByBuyer(IReadOnlyList<OrderEntry> entries) =>
        entries.GroupBy(entry => entry.BuyerId).ToDictionary(group => group.Key, group => group.Sum(entry => entry.Amount));
}
