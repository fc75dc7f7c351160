using TicketBooking.Engine.Decisions;

namespace TicketBooking.Audit.Tests;

public class MoneyAuditorTests
{
    private const long Buyer = 7;
    private static readonly Guid Paid = Guid.NewGuid();
    private static readonly Guid Refunded = Guid.NewGuid();

    private static readonly Decision[] Journal =
    [
        new OrderHeld(1, 1, Paid, 1, Buyer, [0], 5_000, 60_000),
        new OrderConfirmed(2, 2, Paid, 1, [0], 1),
        new OrderHeld(3, 3, Refunded, 1, Buyer, [1], 3_000, 60_000),
        new OrderConfirmed(4, 4, Refunded, 1, [1], 2),
        new OrderCancelled(5, 5, Refunded, 1, [1]),
        new RefundDue(6, 5, Refunded, 1, Buyer, 3_000, RefundReason.Cancelled),
    ];

    private static readonly LedgerMovement[] Movements =
    [
        new(Paid, Buyer, LedgerEntryKind.Debit, 5_000),
        new(Refunded, Buyer, LedgerEntryKind.Debit, 3_000),
        new(Refunded, Buyer, LedgerEntryKind.Refund, 3_000),
    ];

    // Topped up 10,000; paid 5,000 and 3,000; got 3,000 back: 5,000 left.
    private static readonly LedgerTotals Totals = new(TopUps: 10_000, Debits: 8_000, Refunds: 3_000, Balances: 5_000, AccountsOutOfBalance: []);

    [Fact]
    public void A_consistent_journal_and_ledger_is_settled()
    {
        var report = MoneyAuditor.Audit(Journal, Movements, Totals);

        Assert.True(report.Settled, string.Join("; ", report.Findings));
        Assert.Equal(2, report.ConfirmedOrders);
        Assert.Equal(2, report.Debits);
        Assert.Equal(1, report.Refunds);
    }

    [Fact]
    public void Money_that_appears_or_vanishes_breaks_the_balance_identity()
    {
        var report = MoneyAuditor.Audit(Journal, Movements, Totals with { Balances = 5_001, AccountsOutOfBalance = [Buyer] });

        Assert.Equal([MoneyAuditCodes.BalanceIdentity, MoneyAuditCodes.AccountOutOfBalance], report.Findings.Select(f => f.Code));
    }

    [Fact]
    public void An_order_debited_twice_is_found()
    {
        var report = MoneyAuditor.Audit(Journal, [.. Movements, new(Paid, Buyer, LedgerEntryKind.Debit, 5_000)], Totals with { Debits = 13_000, Balances = 0 });

        Assert.Contains(report.Findings, f => f.Code == MoneyAuditCodes.DoubleDebit);
    }

    [Fact]
    public void A_confirmed_order_without_a_debit_is_found()
    {
        var report = MoneyAuditor.Audit(Journal, Movements[1..], Totals with { Debits = 3_000, Balances = 10_000 });

        Assert.Equal(MoneyAuditCodes.ConfirmedWithoutDebit, Assert.Single(report.Findings).Code);
    }

    [Fact]
    public void A_debit_of_another_amount_than_held_is_found()
    {
        LedgerMovement[] movements = [new(Paid, Buyer, LedgerEntryKind.Debit, 4_000), .. Movements[1..]];

        var report = MoneyAuditor.Audit(Journal, movements, Totals with { Debits = 7_000, Balances = 6_000 });

        Assert.Equal(MoneyAuditCodes.DebitMismatch, Assert.Single(report.Findings).Code);
    }

    [Fact]
    public void A_refund_the_journal_does_not_owe_is_found()
    {
        var report = MoneyAuditor.Audit(Journal, [.. Movements, new(Paid, Buyer, LedgerEntryKind.Refund, 5_000)], Totals with { Refunds = 8_000, Balances = 10_000 });

        Assert.Equal(MoneyAuditCodes.RefundWithoutRefundDue, Assert.Single(report.Findings).Code);
    }

    [Fact]
    public void Money_in_flight_is_pending_not_wrong()
    {
        var held = Guid.NewGuid();
        var debitedOnly = Guid.NewGuid();
        Decision[] journal =
        [
            .. Journal,
            new OrderHeld(7, 7, held, 1, Buyer, [2], 1_000, 60_000),
            new OrderHeld(8, 8, debitedOnly, 1, Buyer, [3], 1_000, 60_000),
        ];
        LedgerMovement[] movements = [.. Movements[..2], new(debitedOnly, Buyer, LedgerEntryKind.Debit, 1_000)];

        var report = MoneyAuditor.Audit(journal, movements, Totals with { Debits = 9_000, Refunds = 0, Balances = 1_000 });

        Assert.True(report.Ok, string.Join("; ", report.Findings));
        Assert.False(report.Settled);
        Assert.Equal(1, report.Pending.DebitsNotConfirmed);
        Assert.Equal(1, report.Pending.RefundsNotPaid);
        Assert.Equal(2, report.Pending.HoldsUnsettled);
    }

    [Fact]
    public void A_late_payment_debited_and_refunded_is_settled()
    {
        var late = Guid.NewGuid();
        Decision[] journal =
        [
            new OrderHeld(1, 1, late, 1, Buyer, [0], 2_000, 60_000),
            new OrderExpired(2, 2, late, 1, [0]),
            new RefundDue(3, 3, late, 1, Buyer, 2_000, RefundReason.LatePayment),
        ];
        LedgerMovement[] movements = [new(late, Buyer, LedgerEntryKind.Debit, 2_000), new(late, Buyer, LedgerEntryKind.Refund, 2_000)];

        Assert.True(MoneyAuditor.Audit(journal, movements, new LedgerTotals(2_000, 2_000, 2_000, 2_000, [])).Settled);
    }

    [Fact]
    public void Sums_past_the_bigint_maximum_balance_exactly()
    {
        var twiceTheMaximum = (Int128)long.MaxValue * 2;
        var totals = Totals with { TopUps = twiceTheMaximum + 10_000, Balances = twiceTheMaximum + 5_000 };

        Assert.True(MoneyAuditor.Audit(Journal, Movements, totals).Settled);
    }

    [Fact]
    public void Sums_past_the_bigint_maximum_that_differ_by_one_break_the_balance_identity()
    {
        var twiceTheMaximum = (Int128)long.MaxValue * 2;
        var totals = Totals with { TopUps = twiceTheMaximum + 10_000, Balances = twiceTheMaximum + 5_001 };

        var finding = Assert.Single(MoneyAuditor.Audit(Journal, Movements, totals).Findings);

        Assert.Equal(MoneyAuditCodes.BalanceIdentity, finding.Code);
        Assert.Contains($"top-ups {twiceTheMaximum + 10_000}", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_buyer_range_leaves_other_buyers_orders_out()
    {
        var stranger = Guid.NewGuid();
        Decision[] journal = [.. Journal, new OrderHeld(7, 7, stranger, 1, 99, [5], 1_000, 60_000), new OrderConfirmed(8, 8, stranger, 1, [5], 3)];

        Assert.Contains(MoneyAuditor.Audit(journal, Movements, Totals).Findings, f => f.Code == MoneyAuditCodes.ConfirmedWithoutDebit);
        Assert.True(MoneyAuditor.Audit(journal, Movements, Totals, new BuyerRange(1, 10)).Settled);
    }
}
