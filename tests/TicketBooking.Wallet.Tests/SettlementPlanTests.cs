using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;
using TicketBooking.Wallet.Settlement;

namespace TicketBooking.Wallet.Tests;

/// <summary>The settlement rules without a database: what a batch of decisions comes to, given the ledger's state.</summary>
public sealed class SettlementPlanTests
{
    private const long Buyer = 7;
    private const long Session = 70;

    [Fact]
    public void Work_collects_holds_and_refunds_from_all_batches_each_order_once()
    {
        var held = Held(100);
        var batches = new[]
        {
            new JournalBatch(0, 1, [held, new OrderConfirmed(2, 1, Guid.NewGuid(), Session, [1], 1)]),
            new JournalBatch(0, 2, [held with { Sequence = 3 }, new RefundDue(4, 2, held.OrderId, Session, Buyer, 100, RefundReason.Cancelled)]),
        };

        var work = SettlementWork.From(batches);

        Assert.Equal([new HeldOrder(held.OrderId, Session, Buyer, 100)], work.Holds);
        Assert.Equal([new DueRefund(held.OrderId, Session, Buyer, 100, RefundReason.Cancelled)], work.Refunds);
    }

    [Fact]
    public void Debits_count_against_the_balance_in_batch_order()
    {
        var (first, second, third) = (Hold(60), Hold(50), Hold(40));

        var plan = Plan([first, second, third], accounts: new() { [Buyer] = new AccountBalance("EUR", 100) });

        Assert.Equal([null, PaymentOutcome.InsufficientFunds, null], plan.Outcomes.Select(outcome => outcome.FailureReason));
        Assert.Equal([first.OrderId, third.OrderId], plan.Debits.Select(debit => debit.OrderId));
        Assert.Equal(100, plan.DebitTotals[Buyer]);
        Assert.Equal(3, plan.NewOutcomes.Count);
    }

    [Fact]
    public void A_recorded_outcome_is_reused_whatever_the_balance_is_now()
    {
        var hold = Hold(60);
        var recorded = new PaymentOutcome(hold.OrderId, Session, Buyer, 60, PaymentOutcome.InsufficientFunds);

        var plan = Plan([hold], accounts: new() { [Buyer] = new AccountBalance("EUR", 1_000) }, recorded: new() { [hold.OrderId] = recorded });

        Assert.Equal([recorded], plan.Outcomes);
        Assert.Empty(plan.NewOutcomes);
        Assert.Empty(plan.Debits);
    }

    [Fact]
    public void Without_a_usable_account_the_payment_fails_and_a_free_order_needs_none()
    {
        var (unknown, foreign, free) = (Hold(10), Hold(10, buyer: 8), Hold(0, buyer: 9));

        var plan = Plan([unknown, foreign, free], accounts: new() { [8] = new AccountBalance("USD", 1_000) });

        Assert.Equal([PaymentOutcome.NoAccount, PaymentOutcome.WrongCurrency, null], plan.Outcomes.Select(outcome => outcome.FailureReason));
        Assert.Empty(plan.Debits);
    }

    [Fact]
    public void A_refund_pays_back_its_debit_and_one_without_a_debit_is_reported()
    {
        var (debitedBefore, debitedNow, orphan) = (Guid.NewGuid(), Hold(30), Guid.NewGuid());
        var work = new SettlementWork(
            [debitedNow],
            [
                new DueRefund(debitedBefore, Session, Buyer, 25),
                new DueRefund(debitedNow.OrderId, Session, Buyer, 30),
                new DueRefund(orphan, Session, Buyer, 5),
                new DueRefund(Guid.NewGuid(), Session, Buyer, 0),
            ]);
        var ledger = Ledger(accounts: new() { [Buyer] = new("EUR", 30) }, debits: new() { [debitedBefore] = new(Buyer, Session, 25) });

        var plan = SettlementPlan.Create(work, ledger, "EUR");

        Assert.Equal([new OrderEntry(debitedBefore, Session, Buyer, 25), new OrderEntry(debitedNow.OrderId, Session, Buyer, 30)], plan.Refunds);
        Assert.Equal(55, plan.RefundTotals[Buyer]);
        Assert.Equal([orphan], plan.UnmatchedRefunds.Select(refund => refund.OrderId));
    }

    [Fact]
    public void A_refund_credited_before_is_not_credited_again()
    {
        var order = Guid.NewGuid();
        var ledger = Ledger(accounts: new() { [Buyer] = new("EUR", 0) }, debits: new() { [order] = new(Buyer, Session, 25) }, refunds: [order]);

        var plan = SettlementPlan.Create(new SettlementWork([], [new DueRefund(order, Session, Buyer, 25)]), ledger, "EUR");

        Assert.Empty(plan.Refunds);
        Assert.Empty(plan.UnmatchedRefunds);
        Assert.Empty(plan.DeadLetters);
    }

    [Fact]
    public void A_refund_that_would_overflow_the_balance_is_parked_and_the_others_are_paid()
    {
        var (overflowing, fitting, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var work = new SettlementWork(
            [Hold(40, buyer: 8)],
            [new DueRefund(fitting, Session, Buyer, 1_000), new DueRefund(overflowing, Session, Buyer, 1), new DueRefund(other, Session, 8, 30)]);
        var ledger = Ledger(
            accounts: new() { [Buyer] = new("EUR", long.MaxValue - 1_000), [8] = new("EUR", 50) },
            debits: new() { [fitting] = new(Buyer, Session, 1_000), [overflowing] = new(Buyer, Session, 1), [other] = new(8, Session, 30) });

        var plan = SettlementPlan.Create(work, ledger, "EUR");

        Assert.Equal([fitting, other], plan.Refunds.Select(refund => refund.OrderId));
        Assert.Equal([new DeadLetter(overflowing, DeadLetterKind.Refund, Session, Buyer, 1, DeadLetter.BalanceOverflow)], plan.DeadLetters);
        Assert.Equal([null], plan.Outcomes.Select(outcome => outcome.FailureReason));
        Assert.Equal(1_000, plan.RefundTotals[Buyer]);
    }

    [Fact]
    public void A_hold_of_a_negative_amount_fails_without_a_debit()
    {
        var plan = Plan([Hold(-5)], accounts: new() { [Buyer] = new AccountBalance("EUR", 100) });

        Assert.Equal([PaymentOutcome.InvalidAmount], plan.Outcomes.Select(outcome => outcome.FailureReason));
        Assert.Empty(plan.Debits);
    }

    [Fact]
    public void An_order_parked_before_stays_parked()
    {
        var (hold, refund) = (Hold(10), Guid.NewGuid());
        var ledger = Ledger(
            accounts: new() { [Buyer] = new("EUR", 100) },
            debits: new() { [refund] = new(Buyer, Session, 5) },
            deadLetters: [(hold.OrderId, DeadLetterKind.Payment), (refund, DeadLetterKind.Refund)]);

        var plan = SettlementPlan.Create(new SettlementWork([hold], [new DueRefund(refund, Session, Buyer, 5)]), ledger, "EUR");

        Assert.Empty(plan.Outcomes);
        Assert.Empty(plan.Debits);
        Assert.Empty(plan.Refunds);
        Assert.Empty(plan.DeadLetters);
    }

    [Fact]
    public void Work_splits_in_halves_with_every_hold_before_the_refunds()
    {
        var holds = new[] { Hold(1), Hold(2), Hold(3) };
        var refunds = new[] { new DueRefund(Guid.NewGuid(), Session, Buyer, 1), new DueRefund(Guid.NewGuid(), Session, Buyer, 2) };

        var (first, second) = new SettlementWork(holds, refunds).Halves();
        var (firstOfFirst, secondOfFirst) = first.Halves();
        var (firstOfSecond, secondOfSecond) = second.Halves();

        Assert.Equal(holds, first.Holds);
        Assert.Empty(first.Refunds);
        Assert.Empty(second.Holds);
        Assert.Equal(refunds, second.Refunds);
        Assert.Equal([2, 1], new[] { firstOfFirst.Count, secondOfFirst.Count });
        Assert.Equal([holds[2]], secondOfFirst.Holds);
        Assert.Equal([refunds[0]], firstOfSecond.Refunds);
        Assert.Equal([refunds[1]], secondOfSecond.Refunds);
    }

    private static OrderHeld Held(long amount) => new(1, 1, Guid.NewGuid(), Session, Buyer, [1], amount, 0);

    private static HeldOrder Hold(long amount, long buyer = Buyer) => new(Guid.NewGuid(), Session, buyer, amount);

    private static SettlementPlan Plan(
        HeldOrder[] holds,
        Dictionary<long, AccountBalance> accounts,
        Dictionary<Guid, PaymentOutcome>? recorded = null) =>
        SettlementPlan.Create(new SettlementWork(holds, []), Ledger(accounts, recorded: recorded), "EUR");

    private static LedgerState Ledger(
        Dictionary<long, AccountBalance> accounts,
        Dictionary<Guid, RecordedDebit>? debits = null,
        Dictionary<Guid, PaymentOutcome>? recorded = null,
        HashSet<Guid>? refunds = null,
        HashSet<(Guid, DeadLetterKind)>? deadLetters = null) =>
        new(recorded ?? [], accounts, debits ?? [], refunds ?? [], deadLetters ?? [], LoyaltyLedger.Empty);
}
