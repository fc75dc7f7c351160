using TicketBooking.Engine.Decisions;

namespace TicketBooking.Audit.Tests;

public sealed class LoyaltyAuditorTests
{
    private const long Buyer = 7;
    private static readonly (long, long) OnePerHundred = (1, 100);
    private static readonly Guid Kept = Guid.NewGuid();
    private static readonly Guid Cancelled = Guid.NewGuid();
    private static readonly Guid Late = Guid.NewGuid();
    private static readonly Guid Failed = Guid.NewGuid();

    private static readonly Decision[] Journal =
    [
        new OrderHeld(1, 1, Kept, 1, Buyer, [0], 5_050, 60_000),
        new OrderConfirmed(2, 2, Kept, 1, [0], 1),
        new OrderHeld(3, 3, Cancelled, 1, Buyer, [1], 2_000, 60_000, new OrderDiscounts(2_300, 0, 0, 300)),
        new OrderConfirmed(4, 4, Cancelled, 1, [1], 2),
        new OrderCancelled(5, 5, Cancelled, 1, [1]),
        new RefundDue(6, 5, Cancelled, 1, Buyer, 2_000, RefundReason.Cancelled),
        new OrderHeld(7, 6, Late, 1, Buyer, [2], 1_000, 60_000, new OrderDiscounts(1_100, 0, 0, 100)),
        new OrderExpired(8, 7, Late, 1, [2]),
        new RefundDue(9, 8, Late, 1, Buyer, 1_000, RefundReason.LatePayment),
        new OrderHeld(10, 9, Failed, 1, Buyer, [3], 1_000, 60_000, new OrderDiscounts(1_900, 0, 0, 900)),
        new OrderReleased(11, 10, Failed, 1, [3], "insufficient loyalty points"),
    ];

    private static readonly LoyaltyMovement[] Entries =
    [
        new(Kept, Buyer, LoyaltyEntryKind.Earn, 50, 1, 100),
        new(Cancelled, Buyer, LoyaltyEntryKind.Spend, 300),
        new(Cancelled, Buyer, LoyaltyEntryKind.Earn, 20, 1, 100),
        new(Cancelled, Buyer, LoyaltyEntryKind.SpendReturn, 300),
        new(Cancelled, Buyer, LoyaltyEntryKind.EarnReversal, 20),
        new(Late, Buyer, LoyaltyEntryKind.Spend, 100),
        new(Late, Buyer, LoyaltyEntryKind.SpendReturn, 100),
    ];

    [Fact]
    public void A_consistent_journal_and_loyalty_ledger_is_settled()
    {
        var report = LoyaltyAuditor.Audit(Journal, Entries, OnePerHundred);

        Assert.True(report.Settled, string.Join("; ", report.Findings));
        Assert.Equal(new LoyaltyTotals(70, 20, 400, 400), report.Totals);
        Assert.Equal(50, report.Totals.Balance);
    }

    [Fact]
    public void What_the_wallet_has_not_settled_yet_is_pending_not_wrong()
    {
        var report = LoyaltyAuditor.Audit(Journal, [.. Entries.Where(entry => entry.Kind is LoyaltyEntryKind.Spend || entry.OrderId != Cancelled)], OnePerHundred);

        Assert.True(report.Ok, string.Join("; ", report.Findings));
        Assert.False(report.Settled);
        Assert.Equal(1, report.Pending.EarningsNotCredited);
        Assert.Equal(1, report.Pending.ReturnsNotMade);
    }

    [Theory]
    [MemberData(nameof(BrokenLedgers))]
    public void A_broken_loyalty_ledger_is_named_by_its_code(string code, LoyaltyMovement[] entries)
    {
        var report = LoyaltyAuditor.Audit(Journal, entries, OnePerHundred);

        Assert.Contains(code, report.Findings.Select(finding => finding.Code));
    }

    public static TheoryData<string, LoyaltyMovement[]> BrokenLedgers() => new()
    {
        { LoyaltyAuditCodes.DoubleEntry, [.. Entries, new(Kept, Buyer, LoyaltyEntryKind.Earn, 50, 1, 100)] },
        { LoyaltyAuditCodes.EntryWithoutOrder, [.. Entries, new(Guid.NewGuid(), Buyer, LoyaltyEntryKind.Earn, 5, 1, 100)] },
        { LoyaltyAuditCodes.BuyerMismatch, [.. Entries.Where(entry => entry.OrderId != Kept), new(Kept, Buyer + 1, LoyaltyEntryKind.Earn, 50, 1, 100)] },
        { LoyaltyAuditCodes.SpendMismatch, [.. Entries.Where(entry => !(entry.OrderId == Late && entry.Kind == LoyaltyEntryKind.Spend)), new(Late, Buyer, LoyaltyEntryKind.Spend, 99)] },
        { LoyaltyAuditCodes.SpendOfFailedPayment, [.. Entries, new(Failed, Buyer, LoyaltyEntryKind.Spend, 900)] },
        { LoyaltyAuditCodes.MissingSpend, [.. Entries.Where(entry => !(entry.OrderId == Late && entry.Kind == LoyaltyEntryKind.Spend))] },
        { LoyaltyAuditCodes.ReturnWithoutRefundDue, [.. Entries, new(Kept, Buyer, LoyaltyEntryKind.SpendReturn, 10)] },
        { LoyaltyAuditCodes.ReturnMismatch, [.. Entries.Where(entry => !(entry.OrderId == Late && entry.Kind == LoyaltyEntryKind.SpendReturn)), new(Late, Buyer, LoyaltyEntryKind.SpendReturn, 1)] },
        { LoyaltyAuditCodes.EarnWithoutConfirmation, [.. Entries, new(Late, Buyer, LoyaltyEntryKind.Earn, 10, 1, 100)] },
        { LoyaltyAuditCodes.EarnMismatch, [.. Entries.Where(entry => entry.OrderId != Kept), new(Kept, Buyer, LoyaltyEntryKind.Earn, 51, 1, 100)] },
        { LoyaltyAuditCodes.ReversalWithoutCancellation, [.. Entries, new(Kept, Buyer, LoyaltyEntryKind.EarnReversal, 50)] },
        { LoyaltyAuditCodes.ReversalMismatch, [.. Entries.Where(entry => entry.Kind != LoyaltyEntryKind.EarnReversal), new(Cancelled, Buyer, LoyaltyEntryKind.EarnReversal, 19)] },
    };

    [Fact]
    public void Only_the_buyers_in_scope_are_audited()
    {
        var report = LoyaltyAuditor.Audit(Journal, [], OnePerHundred, new BuyerRange(Buyer + 1, Buyer + 10));

        Assert.True(report.Settled, string.Join("; ", report.Findings));
    }
}
