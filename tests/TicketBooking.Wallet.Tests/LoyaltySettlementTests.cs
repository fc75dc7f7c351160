using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;
using TicketBooking.Wallet.Loyalty;
using TicketBooking.Wallet.Settlement;

namespace TicketBooking.Wallet.Tests;

/// <summary>The loyalty rules of settlement without a database: points spent with the money, earned, returned and reversed once.</summary>
public sealed class LoyaltySettlementTests
{
    private const long Buyer = 7;
    private const long Session = 70;
    private static readonly EarnRate OnePerHundred = new(1, 100);

    [Fact]
    public void Work_carries_the_points_a_hold_spends_the_confirmations_and_the_refund_reasons()
    {
        var held = new OrderHeld(1, 1, Guid.NewGuid(), Session, Buyer, [1], 900, 0, new OrderDiscounts(1_000, 0, 0, 100));
        var batches = new[]
        {
            new JournalBatch(0, 1, [held, new OrderConfirmed(2, 2, held.OrderId, Session, [1], 1)]),
            new JournalBatch(0, 2, [new OrderConfirmed(2, 2, held.OrderId, Session, [1], 1), new RefundDue(4, 3, held.OrderId, Session, Buyer, 900, RefundReason.Cancelled)]),
        };

        var work = SettlementWork.From(batches);

        Assert.Equal([new HeldOrder(held.OrderId, Session, Buyer, 900, 100)], work.Holds);
        Assert.Equal([new ConfirmedOrder(held.OrderId, Session)], work.Confirmations);
        Assert.Equal([new DueRefund(held.OrderId, Session, Buyer, 900, RefundReason.Cancelled)], work.Refunds);
    }

    [Fact]
    public void A_hold_that_spends_points_takes_them_with_the_money_and_fails_when_they_are_short()
    {
        var (covered, short1, rest) = (Hold(500, points: 300), Hold(500, points: 300), Hold(500, points: 150));

        var plan = Plan(new SettlementWork([covered, short1, rest], []), Ledger(points: 450));

        Assert.Equal([null, PaymentOutcome.InsufficientPoints, null], plan.Outcomes.Select(outcome => outcome.FailureReason));
        Assert.Equal([covered.OrderId, rest.OrderId], plan.Debits.Select(debit => debit.OrderId));
        Assert.Equal(
            [new LoyaltyEntry(covered.OrderId, Session, Buyer, LoyaltyKind.Spend, 300), new LoyaltyEntry(rest.OrderId, Session, Buyer, LoyaltyKind.Spend, 150)],
            plan.LoyaltyEntries);
    }

    [Fact]
    public void An_order_paid_wholly_in_points_needs_an_account_and_debits_no_money()
    {
        var (paid, stranger) = (Hold(0, points: 100), Hold(0, buyer: 8, points: 100));

        var plan = Plan(new SettlementWork([paid, stranger], []), Ledger(points: 100));

        Assert.Equal([null, PaymentOutcome.NoAccount], plan.Outcomes.Select(outcome => outcome.FailureReason));
        Assert.Empty(plan.Debits);
        Assert.Equal([paid.OrderId], plan.LoyaltyEntries.Select(entry => entry.OrderId));
    }

    [Fact]
    public void A_blocked_buyers_points_are_frozen_but_a_payment_without_points_goes_through()
    {
        var (withPoints, withoutPoints) = (Hold(500, points: 10), Hold(500));

        var plan = Plan(new SettlementWork([withPoints, withoutPoints], []), Ledger(points: 1_000, blocked: true));

        Assert.Equal([PaymentOutcome.PointsFrozen, null], plan.Outcomes.Select(outcome => outcome.FailureReason));
        Assert.Empty(plan.LoyaltyEntries);
    }

    [Fact]
    public void A_confirmed_order_earns_once_from_its_recorded_payment_rounded_down()
    {
        var (paidBefore, paidNow, earnedBefore, unknown) = (Guid.NewGuid(), Hold(1_299), Guid.NewGuid(), Guid.NewGuid());
        var recorded = new Dictionary<Guid, PaymentOutcome>
        {
            [paidBefore] = new(paidBefore, Session, Buyer, 250, null),
            [earnedBefore] = new(earnedBefore, Session, Buyer, 900, null),
        };
        var work = new SettlementWork([paidNow], [], [new(paidBefore, Session), new(paidNow.OrderId, Session), new(earnedBefore, Session), new(unknown, Session)]);

        var plan = Plan(work, Ledger(recorded: recorded, entries: [new(earnedBefore, Session, Buyer, LoyaltyKind.Earn, 9, OnePerHundred)]));

        Assert.Equal(
            [new LoyaltyEntry(paidBefore, Session, Buyer, LoyaltyKind.Earn, 2, OnePerHundred), new LoyaltyEntry(paidNow.OrderId, Session, Buyer, LoyaltyKind.Earn, 12, OnePerHundred)],
            plan.LoyaltyEntries);
        Assert.Equal([new ConfirmedOrder(unknown, Session)], plan.UnmatchedConfirmations);
    }

    [Fact]
    public void A_blocked_buyer_still_earns_and_the_points_stay_frozen()
    {
        var paid = Guid.NewGuid();
        var work = new SettlementWork([], [], [new(paid, Session)]);

        var plan = Plan(work, Ledger(blocked: true, recorded: new() { [paid] = new(paid, Session, Buyer, 1_000, null) }));

        Assert.Equal([new LoyaltyEntry(paid, Session, Buyer, LoyaltyKind.Earn, 10, OnePerHundred)], plan.LoyaltyEntries);
    }

    [Fact]
    public void A_cancellation_reverses_the_earning_and_returns_the_spent_points_each_once_even_below_zero()
    {
        var order = Guid.NewGuid();
        var spend = new LoyaltyEntry(order, Session, Buyer, LoyaltyKind.Spend, 40);
        var earn = new LoyaltyEntry(order, Session, Buyer, LoyaltyKind.Earn, 60, OnePerHundred);
        var refund = new DueRefund(order, Session, Buyer, 6_000, RefundReason.Cancelled);

        var plan = Plan(new SettlementWork([], [refund, refund]), Ledger(points: 5, entries: [spend, earn]));

        Assert.Equal([spend with { Kind = LoyaltyKind.SpendReturn }, earn with { Kind = LoyaltyKind.EarnReversal, Rate = null }], plan.LoyaltyEntries);

        var again = Plan(new SettlementWork([], [refund]), Ledger(points: -15, entries: [spend, earn, .. plan.LoyaltyEntries]));
        Assert.Empty(again.LoyaltyEntries);
    }

    [Fact]
    public void A_late_payment_refund_returns_the_spent_points_and_reverses_nothing()
    {
        var order = Guid.NewGuid();
        var spend = new LoyaltyEntry(order, Session, Buyer, LoyaltyKind.Spend, 40);

        var plan = Plan(new SettlementWork([], [new DueRefund(order, Session, Buyer, 100, RefundReason.LatePayment)]), Ledger(entries: [spend]));

        Assert.Equal([spend with { Kind = LoyaltyKind.SpendReturn }], plan.LoyaltyEntries);
    }

    [Fact]
    public void A_negative_balance_allows_no_spending_until_it_is_positive_again()
    {
        var plan = Plan(new SettlementWork([Hold(100, points: 1)], []), Ledger(points: -20));

        Assert.Equal(PaymentOutcome.InsufficientPoints, Assert.Single(plan.Outcomes).FailureReason);
    }

    [Theory]
    [InlineData(0, 100, 0)]
    [InlineData(99, 100, 0)]
    [InlineData(12_99, 100, 12)]
    [InlineData(long.MaxValue, 1, long.MaxValue)]
    [InlineData(-5, 100, 0)]
    public void Earnings_are_the_money_paid_times_the_rate_rounded_down(long paid, long perMinorUnits, long expected) =>
        Assert.Equal(expected, new EarnRate(1, perMinorUnits).PointsFor(paid));

    [Theory]
    [InlineData(-30, "Bronze", "Silver", 1_000L)]
    [InlineData(0, "Bronze", "Silver", 1_000L)]
    [InlineData(999, "Bronze", "Silver", 1L)]
    [InlineData(1_000, "Silver", "Gold", 4_000L)]
    [InlineData(5_000, "Gold", null, null)]
    public void Levels_follow_the_points_earned_in_the_window(long earned, string level, string? next, long? missing) =>
        Assert.Equal(new LevelStanding(level, next, missing), new LoyaltyLevels(LoyaltyOptions.DefaultLevels).StandingFor(earned));

    [Fact]
    public void Levels_must_start_at_zero_and_rise()
    {
        Assert.False(LoyaltyLevels.AreValid([new("Silver", 10)]));
        Assert.False(LoyaltyLevels.AreValid([new("Bronze", 0), new("Silver", 0)]));
        Assert.False(LoyaltyLevels.AreValid([new("Bronze", 0), new("bronze", 5)]));
        Assert.True(LoyaltyLevels.AreValid([new("Member", 0)]));
    }

    [Fact]
    public void The_level_window_is_the_last_twelve_months_of_the_clock()
    {
        var now = new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2025, 12, 3, 7, 0, 0, TimeSpan.Zero), LoyaltyLevels.WindowStart(now));
    }

    private static HeldOrder Hold(long amount, long buyer = Buyer, long points = 0) => new(Guid.NewGuid(), Session, buyer, amount, points);

    private static SettlementPlan Plan(SettlementWork work, LedgerState ledger) => SettlementPlan.Create(work, ledger, "EUR", OnePerHundred);

    private static LedgerState Ledger(
        long points = 0,
        bool blocked = false,
        Dictionary<Guid, PaymentOutcome>? recorded = null,
        LoyaltyEntry[]? entries = null) =>
        new(
            recorded ?? [],
            new Dictionary<long, AccountBalance> { [Buyer] = new("EUR", 1_000_000) },
            new Dictionary<Guid, RecordedDebit>(),
            new HashSet<Guid>(),
            new HashSet<(Guid, DeadLetterKind)>(),
            new LoyaltyLedger(
                new Dictionary<long, long> { [Buyer] = points },
                blocked ? new HashSet<long> { Buyer } : [],
                (entries ?? []).ToDictionary(entry => (entry.OrderId, entry.Kind))));
}
