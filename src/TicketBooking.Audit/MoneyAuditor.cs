using TicketBooking.Engine.Decisions;

namespace TicketBooking.Audit;

/// <summary>
/// The money invariant of docs/design.md, checked from the decision journal (every partition) and the wallet's ledger:
/// top-ups - balances = debits - refunds, each account's balance equal to its entries, no order debited or
/// refunded twice, every confirmed order debited exactly once for its held amount, every refund matching a
/// debit and a RefundDue. What is merely in flight (a debit whose confirmation is not journaled yet, a
/// RefundDue not paid yet, a hold without outcome) is counted as pending, not as a finding.
/// </summary>
public static class MoneyAuditor
{
    /// <param name="journal">Every partition's decisions.</param>
    /// <param name="movements">The ledger's debits and refunds (of the buyers in <paramref name="buyers"/>).</param>
    /// <param name="totals">The ledger's sums (over the buyers in <paramref name="buyers"/>).</param>
    /// <param name="buyers">Audit only these buyers' orders; null for all.</param>
    public static MoneyReport Audit(IEnumerable<Decision> journal, IReadOnlyList<LedgerMovement> movements, LedgerTotals totals, BuyerRange? buyers = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(movements);
        ArgumentNullException.ThrowIfNull(totals);
        var orders = Fold(journal);
        if (buyers is { } scope)
        {
            orders = orders.Where(order => scope.Contains(order.Value.BuyerId)).ToDictionary();
        }

        var findings = new List<AuditFinding>();
        var pending = new MoneyPending();

        var kept = checked(totals.TopUps - totals.Balances);
        var spent = checked(totals.Debits - totals.Refunds);
        if (kept != spent)
        {
            findings.Add(new(MoneyAuditCodes.BalanceIdentity,
                $"top-ups {totals.TopUps} - balances {totals.Balances} = {kept}, but debits {totals.Debits} - refunds {totals.Refunds} = {spent}"));
        }

        foreach (var buyer in totals.AccountsOutOfBalance)
        {
            findings.Add(new(MoneyAuditCodes.AccountOutOfBalance, $"account {buyer}: the balance is not the sum of its ledger entries"));
        }

        var debits = Index(movements, LedgerEntryKind.Debit, MoneyAuditCodes.DoubleDebit, findings);
        var refunds = Index(movements, LedgerEntryKind.Refund, MoneyAuditCodes.DoubleRefund, findings);

        foreach (var (orderId, debit) in debits)
        {
            if (!orders.TryGetValue(orderId, out var order) || order.HeldAmount is not { } held)
            {
                findings.Add(new(MoneyAuditCodes.DebitWithoutHold, $"order {orderId}: debited {debit.Amount} but the journal never held it"));
                continue;
            }

            if (debit.Amount != held || debit.BuyerId != order.BuyerId)
            {
                findings.Add(new(MoneyAuditCodes.DebitMismatch, $"order {orderId}: debited {debit.Amount} from {debit.BuyerId}, held {held} for {order.BuyerId}"));
            }

            if (!order.Confirmed && order.RefundsDue == 0)
            {
                pending.DebitsNotConfirmed++;
            }
        }

        foreach (var (orderId, order) in orders)
        {
            if (order.Confirmed && !debits.ContainsKey(orderId))
            {
                findings.Add(new(MoneyAuditCodes.ConfirmedWithoutDebit, $"order {orderId}: confirmed without a debit"));
            }

            if (order.RefundsDue > 1)
            {
                findings.Add(new(MoneyAuditCodes.RefundDueTwice, $"order {orderId}: {order.RefundsDue} RefundDue decisions"));
            }

            if (order.RefundsDue > 0 && !refunds.ContainsKey(orderId))
            {
                pending.RefundsNotPaid++;
            }

            if (order.HeldAmount is not null && !order.Ended)
            {
                pending.HoldsUnsettled++;
            }
        }

        foreach (var (orderId, refund) in refunds)
        {
            if (!debits.TryGetValue(orderId, out var debit) || debit.Amount != refund.Amount || debit.BuyerId != refund.BuyerId)
            {
                findings.Add(new(MoneyAuditCodes.RefundWithoutDebit, $"order {orderId}: refunded {refund.Amount} to {refund.BuyerId} without a matching debit"));
            }

            if (!orders.TryGetValue(orderId, out var order) || order.RefundsDue == 0)
            {
                findings.Add(new(MoneyAuditCodes.RefundWithoutRefundDue, $"order {orderId}: refunded but the journal owes nothing"));
            }
        }

        return new MoneyReport(findings, pending, orders.Count(o => o.Value.Confirmed), debits.Count, refunds.Count, totals);
    }

    private static Dictionary<Guid, OrderMoney> Fold(IEnumerable<Decision> journal)
    {
        var orders = new Dictionary<Guid, OrderMoney>();
        OrderMoney For(Guid orderId) => orders.TryGetValue(orderId, out var order) ? order : orders[orderId] = new OrderMoney();
        foreach (var decision in journal)
        {
            switch (decision)
            {
                case OrderHeld held:
                    var order = For(held.OrderId);
                    order.HeldAmount = held.Amount;
                    order.BuyerId = held.BuyerId;
                    break;
                case OrderConfirmed confirmed:
                    For(confirmed.OrderId).Confirmed = true;
                    break;
                case OrderReleased released:
                    For(released.OrderId).Ended = true;
                    break;
                case OrderExpired expired:
                    For(expired.OrderId).Ended = true;
                    break;
                case OrderCancelled cancelled:
                    For(cancelled.OrderId).Ended = true;
                    break;
                case RefundDue due:
                    For(due.OrderId).RefundsDue++;
                    break;
                default:
                    break;
            }
        }

        foreach (var order in orders.Values)
        {
            order.Ended |= order.Confirmed;
        }

        return orders;
    }

    private static Dictionary<Guid, LedgerMovement> Index(IReadOnlyList<LedgerMovement> movements, LedgerEntryKind kind, string twiceCode, List<AuditFinding> findings)
    {
        var byOrder = new Dictionary<Guid, LedgerMovement>();
        foreach (var movement in movements)
        {
            if (movement.Kind == kind && !byOrder.TryAdd(movement.OrderId, movement))
            {
                findings.Add(new(twiceCode, $"order {movement.OrderId}: more than one {kind.ToString().ToLowerInvariant()}"));
            }
        }

        return byOrder;
    }

    private sealed class OrderMoney
    {
        public long? HeldAmount { get; set; }

        public long BuyerId { get; set; }

        public bool Confirmed { get; set; }

        public bool Ended { get; set; }

        public int RefundsDue { get; set; }
    }
}
