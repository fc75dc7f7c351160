namespace TicketBooking.Audit;

/// <summary>What is still in flight: fine while the system runs, a problem if it stays.</summary>
public sealed class MoneyPending
{
    /// <summary>Debited, but neither confirmed nor owed back yet (the PaymentSucceeded is on its way).</summary>
    public int DebitsNotConfirmed { get; set; }

    /// <summary>RefundDue journaled, no refund entry yet.</summary>
    public int RefundsNotPaid { get; set; }

    /// <summary>Held, with no payment outcome, expiry or cancellation yet.</summary>
    public int HoldsUnsettled { get; set; }

    public bool None => DebitsNotConfirmed == 0 && RefundsNotPaid == 0 && HoldsUnsettled == 0;
}

/// <summary>The money audit's result: <see cref="Ok"/> when nothing is wrong; <see cref="Settled"/> when nothing is in flight either.</summary>
public sealed record MoneyReport(IReadOnlyList<AuditFinding> Findings, MoneyPending Pending, int ConfirmedOrders, int Debits, int Refunds, LedgerTotals Totals)
{
    public bool Ok => Findings.Count == 0;

    public bool Settled => Ok && Pending.None;
}
