using TicketBooking.Engine.Decisions;
using TicketBooking.Wallet.Loyalty;

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
/// <para>
/// Loyalty points go with the money: a held order that spends points succeeds only if the buyer has an account, is
/// not blocked (frozen points) and has at least that many points, counting this batch's entries; then the spend is
/// written with the debit. A confirmed order earns floor(paid × rate) once, from its recorded payment. A refund gives
/// spent points back once, and one for a cancelled order takes its earning back once, even below zero.
/// </para>
/// </remarks>
public sealed class SettlementPlan
{
    private SettlementPlan(
        IReadOnlyList<PaymentOutcome> outcomes,
        IReadOnlyList<PaymentOutcome> newOutcomes,
        IReadOnlyList<OrderEntry> debits,
        IReadOnlyList<OrderEntry> refunds,
        IReadOnlyList<DueRefund> unmatchedRefunds,
        IReadOnlyList<DeadLetter> deadLetters,
        IReadOnlyList<LoyaltyEntry> loyaltyEntries,
        IReadOnlyList<ConfirmedOrder> unmatchedConfirmations)
    {
        LoyaltyEntries = loyaltyEntries;
        UnmatchedConfirmations = unmatchedConfirmations;
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

    /// <summary>Loyalty entries to write now: none of them is in the ledger yet.</summary>
    public IReadOnlyList<LoyaltyEntry> LoyaltyEntries { get; }

    /// <summary>Confirmed orders without a successful payment recorded here: they earn nothing.</summary>
    public IReadOnlyList<ConfirmedOrder> UnmatchedConfirmations { get; }

    /// <summary>What each buyer's balance goes down by.</summary>
    public IReadOnlyDictionary<long, long> DebitTotals => TotalsByBuyer(Debits);

    /// <summary>What each buyer's balance goes up by.</summary>
    public IReadOnlyDictionary<long, long> RefundTotals => TotalsByBuyer(Refunds);

    /// <param name="work">The batch's orders.</param>
    /// <param name="ledger">What the ledger holds for them, read with their accounts locked.</param>
    /// <param name="currency">The wallet's currency.</param>
    /// <param name="earnRate">Points per money paid for a confirmed order; the <see cref="LoyaltyOptions"/> default when null.</param>
    public static SettlementPlan Create(SettlementWork work, LedgerState ledger, string currency, EarnRate? earnRate = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(ledger);
        var rate = earnRate ?? new LoyaltyOptions().Rate;
        var balances = ledger.Accounts.ToDictionary(account => account.Key, account => account.Value.Balance);
        var points = new Dictionary<long, long>(ledger.Loyalty.Balances);
        var loyalty = new LoyaltyBook(ledger.Loyalty.Entries);
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

            var failure = FailureOf(hold, ledger, balances, currency) ?? PointsFailureOf(hold, ledger, points);
            if (failure is null && hold.Amount > 0)
            {
                balances[hold.BuyerId] = checked(balances[hold.BuyerId] - hold.Amount);
                debits.Add(new OrderEntry(hold.OrderId, hold.SessionId, hold.BuyerId, hold.Amount));
            }

            if (failure is null && hold.PointsSpent > 0 && loyalty.Find(hold.OrderId, LoyaltyKind.Spend) is null)
            {
                points[hold.BuyerId] = checked(points.GetValueOrDefault(hold.BuyerId) - hold.PointsSpent);
                loyalty.Add(new LoyaltyEntry(hold.OrderId, hold.SessionId, hold.BuyerId, LoyaltyKind.Spend, hold.PointsSpent));
            }

            var outcome = new PaymentOutcome(hold.OrderId, hold.SessionId, hold.BuyerId, hold.Amount, failure);
            outcomes.Add(outcome);
            newOutcomes.Add(outcome);
        }

        var unmatchedConfirmations = Earn(work.Confirmations, ledger, newOutcomes, rate, points, loyalty);
        ReturnAndReverse(work.Refunds, points, loyalty);

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

        return new SettlementPlan(outcomes, newOutcomes, debits, refunds, unmatched, deadLetters, loyalty.Added, unmatchedConfirmations);
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

    /// <summary>Each confirmed order's earning from its payment (recorded before or decided now), once; the confirmations without a successful payment.</summary>
    private static List<ConfirmedOrder> Earn(
        IReadOnlyList<ConfirmedOrder> confirmations, LedgerState ledger, List<PaymentOutcome> newOutcomes, EarnRate rate, Dictionary<long, long> points, LoyaltyBook loyalty)
    {
        var payments = ledger.RecordedOutcomes.ToDictionary();
        foreach (var outcome in newOutcomes)
        {
            payments[outcome.OrderId] = outcome;
        }

        var unmatched = new List<ConfirmedOrder>();
        foreach (var confirmation in confirmations)
        {
            if (ledger.DeadLetters.Contains((confirmation.OrderId, DeadLetterKind.Earn)) || loyalty.Find(confirmation.OrderId, LoyaltyKind.Earn) is not null)
            {
                continue;
            }

            if (!payments.TryGetValue(confirmation.OrderId, out var payment) || !payment.Succeeded)
            {
                unmatched.Add(confirmation);
                continue;
            }

            var earned = rate.PointsFor(payment.Amount);
            if (earned > 0)
            {
                points[payment.BuyerId] = checked(points.GetValueOrDefault(payment.BuyerId) + earned);
                loyalty.Add(new LoyaltyEntry(confirmation.OrderId, payment.SessionId, payment.BuyerId, LoyaltyKind.Earn, earned, rate));
            }
        }

        return unmatched;
    }

    /// <summary>For each refund, the points its order spent given back, and for a cancellation its earning taken back, each once.</summary>
    private static void ReturnAndReverse(IReadOnlyList<DueRefund> refunds, Dictionary<long, long> points, LoyaltyBook loyalty)
    {
        foreach (var refund in refunds)
        {
            if (loyalty.Find(refund.OrderId, LoyaltyKind.Spend) is { } spend && loyalty.Find(refund.OrderId, LoyaltyKind.SpendReturn) is null)
            {
                points[spend.BuyerId] = checked(points.GetValueOrDefault(spend.BuyerId) + spend.Points);
                loyalty.Add(spend with { Kind = LoyaltyKind.SpendReturn });
            }

            if (refund.Reason == RefundReason.Cancelled
                && loyalty.Find(refund.OrderId, LoyaltyKind.Earn) is { } earn
                && loyalty.Find(refund.OrderId, LoyaltyKind.EarnReversal) is null)
            {
                points[earn.BuyerId] = checked(points.GetValueOrDefault(earn.BuyerId) - earn.Points);
                loyalty.Add(earn with { Kind = LoyaltyKind.EarnReversal, Rate = null });
            }
        }
    }

    /// <summary>Why the order's points cannot be taken; null when it spends none or they are there.</summary>
    private static string? PointsFailureOf(HeldOrder hold, LedgerState ledger, Dictionary<long, long> points)
    {
        if (hold.PointsSpent == 0)
        {
            return null;
        }

        if (hold.PointsSpent < 0)
        {
            return PaymentOutcome.InvalidAmount;
        }

        // Points are locked through the buyer's money account: without one there is nothing to take them under.
        if (!ledger.Accounts.ContainsKey(hold.BuyerId))
        {
            return PaymentOutcome.NoAccount;
        }

        if (ledger.Loyalty.BlockedBuyers.Contains(hold.BuyerId))
        {
            return PaymentOutcome.PointsFrozen;
        }

        return points.GetValueOrDefault(hold.BuyerId) >= hold.PointsSpent ? null : PaymentOutcome.InsufficientPoints;
    }

    private static string? CreditFailureOf(OrderEntry refund, Dictionary<long, long> balances)
    {
        if (!balances.TryGetValue(refund.BuyerId, out var balance))
        {
            return DeadLetter.AccountNotLocked;
        }

        return refund.Amount > long.MaxValue - balance ? DeadLetter.BalanceOverflow : null;
    }

    /// <summary>The loyalty entries of the batch's orders: those in the ledger and those added now.</summary>
    private sealed class LoyaltyBook(IReadOnlyDictionary<(Guid OrderId, LoyaltyKind Kind), LoyaltyEntry> recorded)
    {
        private readonly Dictionary<(Guid OrderId, LoyaltyKind Kind), LoyaltyEntry> _added = [];

        public List<LoyaltyEntry> Added { get; } = [];

        public LoyaltyEntry? Find(Guid orderId, LoyaltyKind kind) =>
            recorded.TryGetValue((orderId, kind), out var entry) || _added.TryGetValue((orderId, kind), out entry) ? entry : null;

        public void Add(LoyaltyEntry entry)
        {
            _added.Add((entry.OrderId, entry.Kind), entry);
            Added.Add(entry);
        }
    }

    private static Dictionary<long, long> TotalsByBuyer(IReadOnlyList<OrderEntry> entries) =>
        entries.GroupBy(entry => entry.BuyerId).ToDictionary(group => group.Key, group => group.Sum(entry => entry.Amount));
}
