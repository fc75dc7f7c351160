using TicketBooking.Engine.Decisions;

namespace TicketBooking.Audit;

/// <summary>What a loyalty entry does: earn and spend return add points, earn reversal and spend take them away.</summary>
public enum LoyaltyEntryKind
{
    Earn = 1,
    EarnReversal = 2,
    Spend = 3,
    SpendReturn = 4,
}

/// <summary>
/// A loyalty entry as the wallet publishes it (view <c>wallet.audit_loyalty</c>): <see cref="Points"/> &gt; 0, the kind
/// giving the sign; an earning carries the rate it was computed at (<see cref="RatePoints"/> per <see cref="RatePerMinorUnits"/>).
/// </summary>
public sealed record LoyaltyMovement(Guid OrderId, long BuyerId, LoyaltyEntryKind Kind, long Points, long? RatePoints = null, long? RatePerMinorUnits = null);

/// <summary>The codes of the loyalty audit's findings.</summary>
public static class LoyaltyAuditCodes
{
    public const string DoubleEntry = "loyalty-double-entry";
    public const string EntryWithoutOrder = "loyalty-entry-without-order";
    public const string BuyerMismatch = "loyalty-buyer-mismatch";
    public const string SpendMismatch = "loyalty-spend-mismatch";
    public const string SpendOfFailedPayment = "loyalty-spend-of-failed-payment";
    public const string MissingSpend = "loyalty-missing-spend";
    public const string ReturnWithoutRefundDue = "loyalty-return-without-refund-due";
    public const string ReturnMismatch = "loyalty-return-mismatch";
    public const string EarnWithoutConfirmation = "loyalty-earn-without-confirmation";
    public const string EarnMismatch = "loyalty-earn-mismatch";
    public const string ReversalWithoutCancellation = "loyalty-reversal-without-cancellation";
    public const string ReversalMismatch = "loyalty-reversal-mismatch";
}

/// <summary>What is still in flight: fine while the system runs, a problem if it stays.</summary>
public sealed class LoyaltyPending
{
    /// <summary>Points spent, but the order neither confirmed nor owed back yet (the PaymentSucceeded is on its way).</summary>
    public int SpendsNotSettled { get; set; }

    /// <summary>Confirmed, but its earning not credited yet.</summary>
    public int EarningsNotCredited { get; set; }

    /// <summary>RefundDue journaled for an order that spent points, no spend return yet.</summary>
    public int ReturnsNotMade { get; set; }

    /// <summary>A cancelled order's earning not reversed yet.</summary>
    public int ReversalsNotMade { get; set; }

    public bool None => SpendsNotSettled == 0 && EarningsNotCredited == 0 && ReturnsNotMade == 0 && ReversalsNotMade == 0;
}

/// <summary>The loyalty audit's sums of points by kind.</summary>
public sealed record LoyaltyTotals(Int128 Earned, Int128 Reversed, Int128 Spent, Int128 Returned)
{
    public Int128 Balance => Earned - Reversed - Spent + Returned;
}

/// <summary>The loyalty audit's result: <see cref="Ok"/> when nothing is wrong; <see cref="Settled"/> when nothing is in flight either.</summary>
public sealed record LoyaltyReport(IReadOnlyList<AuditFinding> Findings, LoyaltyPending Pending, int Entries, LoyaltyTotals Totals)
{
    public bool Ok => Findings.Count == 0;

    public bool Settled => Ok && Pending.None;
}

/// <summary>
/// The loyalty invariant, checked from the decision journal (every partition) and the wallet's loyalty entries: at most
/// one entry per order and kind; none for an order the journal never held; a spend of exactly the points the hold
/// spent, only for a paid order (none for a released one); a spend return iff a RefundDue followed an order that spent,
/// of the points spent; an earning iff confirmed, of floor(held amount × the entry's rate); an earning reversed iff the
/// order was refunded after a cancellation, by the points earned. What is merely in flight is counted as pending.
/// </summary>
public static class LoyaltyAuditor
{
    /// <param name="journal">Every partition's decisions.</param>
    /// <param name="entries">The wallet's loyalty entries (of the buyers in <paramref name="buyers"/>).</param>
    /// <param name="earnRate">
    /// The wallet's rate (points per minor units) for orders confirmed but not credited yet: whether one earns anything
    /// at all. A credited earning is checked against the rate recorded on it.
    /// </param>
    /// <param name="buyers">Audit only these buyers' orders; null for all.</param>
    public static LoyaltyReport Audit(IEnumerable<Decision> journal, IReadOnlyList<LoyaltyMovement> entries, (long Points, long PerMinorUnits) earnRate, BuyerRange? buyers = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(entries);
        var orders = Fold(journal);
        if (buyers is { } scope)
        {
            orders = orders.Where(order => scope.Contains(order.Value.BuyerId)).ToDictionary();
        }

        var findings = new List<AuditFinding>();
        var pending = new LoyaltyPending();
        var byOrder = new Dictionary<(Guid, LoyaltyEntryKind), LoyaltyMovement>();
        foreach (var entry in entries)
        {
            if (!byOrder.TryAdd((entry.OrderId, entry.Kind), entry))
            {
                findings.Add(new(LoyaltyAuditCodes.DoubleEntry, $"order {entry.OrderId}: more than one {Name(entry.Kind)} entry"));
            }
        }

        foreach (var orderId in entries.Select(entry => entry.OrderId).Distinct())
        {
            if (!orders.TryGetValue(orderId, out var order) || order.Held is null)
            {
                findings.Add(new(LoyaltyAuditCodes.EntryWithoutOrder, $"order {orderId}: loyalty entries but the journal never held it"));
                continue;
            }

            foreach (var entry in entries.Where(entry => entry.OrderId == orderId && entry.BuyerId != order.Held.BuyerId).Take(1))
            {
                findings.Add(new(LoyaltyAuditCodes.BuyerMismatch, $"order {orderId}: a {Name(entry.Kind)} entry of buyer {entry.BuyerId}, held for {order.Held.BuyerId}"));
            }
        }

        foreach (var (orderId, order) in orders)
        {
            if (order.Held is not { } held)
            {
                continue;
            }

            var spend = Find(byOrder, orderId, LoyaltyEntryKind.Spend);
            var spendReturn = Find(byOrder, orderId, LoyaltyEntryKind.SpendReturn);
            var earn = Find(byOrder, orderId, LoyaltyEntryKind.Earn);
            var reversal = Find(byOrder, orderId, LoyaltyEntryKind.EarnReversal);
            var paid = order.Confirmed || order.LatePaymentRefundDue;
            CheckSpend(orderId, order, held, spend, paid, findings, pending);
            CheckReturn(orderId, order, spend, spendReturn, findings, pending);
            CheckEarn(orderId, order, held, earn, earnRate, findings, pending);
            CheckReversal(orderId, order, earn, reversal, findings, pending);
        }

        Int128 Sum(LoyaltyEntryKind kind) => entries.Where(entry => entry.Kind == kind).Aggregate(Int128.Zero, (sum, entry) => checked(sum + entry.Points));
        var totals = new LoyaltyTotals(Sum(LoyaltyEntryKind.Earn), Sum(LoyaltyEntryKind.EarnReversal), Sum(LoyaltyEntryKind.Spend), Sum(LoyaltyEntryKind.SpendReturn));
        return new LoyaltyReport(findings, pending, entries.Count, totals);
    }

    public static string Name(LoyaltyEntryKind kind) => kind switch
    {
        LoyaltyEntryKind.Earn => "earn",
        LoyaltyEntryKind.EarnReversal => "earn_reversal",
        LoyaltyEntryKind.Spend => "spend",
        _ => "spend_return",
    };

    /// <summary>The kind as <c>wallet.audit_loyalty.kind</c> spells it; null for one this audit does not know.</summary>
    public static LoyaltyEntryKind? ParseKind(string name) => name switch
    {
        "earn" => LoyaltyEntryKind.Earn,
        "earn_reversal" => LoyaltyEntryKind.EarnReversal,
        "spend" => LoyaltyEntryKind.Spend,
        "spend_return" => LoyaltyEntryKind.SpendReturn,
        _ => null,
    };

    private static void CheckSpend(Guid orderId, OrderLoyalty order, OrderHeld held, LoyaltyMovement? spend, bool paid, List<AuditFinding> findings, LoyaltyPending pending)
    {
        if (spend is null)
        {
            if (held.PointsSpent > 0 && paid)
            {
                findings.Add(new(LoyaltyAuditCodes.MissingSpend, $"order {orderId}: paid, but its {held.PointsSpent} points were never taken"));
            }

            return;
        }

        if (spend.Points != held.PointsSpent)
        {
            findings.Add(new(LoyaltyAuditCodes.SpendMismatch, $"order {orderId}: spent {spend.Points} points, the hold spent {held.PointsSpent}"));
        }

        if (order.Released)
        {
            findings.Add(new(LoyaltyAuditCodes.SpendOfFailedPayment, $"order {orderId}: {spend.Points} points taken for a payment that failed"));
        }
        else if (!paid)
        {
            pending.SpendsNotSettled++;
        }
    }

    private static void CheckReturn(Guid orderId, OrderLoyalty order, LoyaltyMovement? spend, LoyaltyMovement? spendReturn, List<AuditFinding> findings, LoyaltyPending pending)
    {
        if (spendReturn is null)
        {
            if (spend is not null && order.RefundsDue > 0)
            {
                pending.ReturnsNotMade++;
            }

            return;
        }

        if (order.RefundsDue == 0 || spend is null)
        {
            findings.Add(new(LoyaltyAuditCodes.ReturnWithoutRefundDue, $"order {orderId}: {spendReturn.Points} points returned without a spend and a RefundDue"));
        }
        else if (spendReturn.Points != spend.Points)
        {
            findings.Add(new(LoyaltyAuditCodes.ReturnMismatch, $"order {orderId}: returned {spendReturn.Points} points of {spend.Points} spent"));
        }
    }

    private static void CheckEarn(Guid orderId, OrderLoyalty order, OrderHeld held, LoyaltyMovement? earn, (long Points, long PerMinorUnits) earnRate, List<AuditFinding> findings, LoyaltyPending pending)
    {
        if (earn is null)
        {
            if (order.Confirmed && PointsFor(held.Amount, earnRate.Points, earnRate.PerMinorUnits) > 0)
            {
                pending.EarningsNotCredited++;
            }

            return;
        }

        if (!order.Confirmed)
        {
            findings.Add(new(LoyaltyAuditCodes.EarnWithoutConfirmation, $"order {orderId}: earned {earn.Points} points but was never confirmed"));
            return;
        }

        if (earn.RatePoints is not { } points || earn.RatePerMinorUnits is not { } perMinorUnits || perMinorUnits <= 0 || earn.Points != PointsFor(held.Amount, points, perMinorUnits))
        {
            findings.Add(new(LoyaltyAuditCodes.EarnMismatch, $"order {orderId}: earned {earn.Points} points for {held.Amount} paid at {earn.RatePoints}/{earn.RatePerMinorUnits}"));
        }
    }

    private static void CheckReversal(Guid orderId, OrderLoyalty order, LoyaltyMovement? earn, LoyaltyMovement? reversal, List<AuditFinding> findings, LoyaltyPending pending)
    {
        if (reversal is null)
        {
            if (earn is not null && order.CancelledRefundDue)
            {
                pending.ReversalsNotMade++;
            }

            return;
        }

        if (!order.CancelledRefundDue || earn is null)
        {
            findings.Add(new(LoyaltyAuditCodes.ReversalWithoutCancellation, $"order {orderId}: {reversal.Points} points reversed without an earning and a refund after cancelling"));
        }
        else if (reversal.Points != earn.Points)
        {
            findings.Add(new(LoyaltyAuditCodes.ReversalMismatch, $"order {orderId}: reversed {reversal.Points} points of {earn.Points} earned"));
        }
    }

    private static long PointsFor(long amount, long points, long perMinorUnits) =>
        amount <= 0 || perMinorUnits <= 0 ? 0 : (long)((Int128)amount * points / perMinorUnits);

    private static LoyaltyMovement? Find(Dictionary<(Guid, LoyaltyEntryKind), LoyaltyMovement> entries, Guid orderId, LoyaltyEntryKind kind) =>
        entries.TryGetValue((orderId, kind), out var entry) ? entry : null;

    private static Dictionary<Guid, OrderLoyalty> Fold(IEnumerable<Decision> journal)
    {
        var orders = new Dictionary<Guid, OrderLoyalty>();
        OrderLoyalty For(Guid orderId) => orders.TryGetValue(orderId, out var order) ? order : orders[orderId] = new OrderLoyalty();
        foreach (var decision in journal)
        {
            switch (decision)
            {
                case OrderHeld held:
                    var order = For(held.OrderId);
                    order.Held = held;
                    order.BuyerId = held.BuyerId;
                    break;
                case OrderConfirmed confirmed:
                    For(confirmed.OrderId).Confirmed = true;
                    break;
                case OrderReleased released:
                    For(released.OrderId).Released = true;
                    break;
                case RefundDue due:
                    var refunded = For(due.OrderId);
                    refunded.RefundsDue++;
                    refunded.CancelledRefundDue |= due.Reason == RefundReason.Cancelled;
                    refunded.LatePaymentRefundDue |= due.Reason == RefundReason.LatePayment;
                    break;
                default:
                    break;
            }
        }

        return orders;
    }

    private sealed class OrderLoyalty
    {
        public OrderHeld? Held { get; set; }

        public long BuyerId { get; set; }

        public bool Confirmed { get; set; }

        public bool Released { get; set; }

        public int RefundsDue { get; set; }

        public bool CancelledRefundDue { get; set; }

        public bool LatePaymentRefundDue { get; set; }
    }
}
