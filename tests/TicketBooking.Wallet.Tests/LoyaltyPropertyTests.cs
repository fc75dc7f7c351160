using CsCheck;
using TicketBooking.Audit;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;
using TicketBooking.Wallet.Loyalty;
using TicketBooking.Wallet.Settlement;

namespace TicketBooking.Wallet.Tests;

/// <summary>
/// Random drops of held, confirmed, released, late-paid and cancelled orders, settled in random batches with
/// redeliveries and a replay of the whole journal, against a ledger that refuses a second entry per order and kind:
/// no points counted twice, none spent that were not there, each reversal and return exactly once, and tb-ops'
/// loyalty audit (<see cref="LoyaltyAuditor"/>) finds the ledger settled.
/// </summary>
public sealed class LoyaltyPropertyTests
{
    private const long Session = 70;
    private const long FreeBuyer = 1;
    private const long BlockedBuyer = 2;
    private static readonly EarnRate Rate = new(1, 100);

    /// <summary>An order of the drop: its money, the points it spends, its buyer, and what becomes of it once paid.</summary>
    private sealed record OrderScript(long Amount, long Points, bool Blocked, Fate Fate);

    private enum Fate
    {
        Kept,
        Cancelled,
        PaidLate,
    }

    private static readonly Gen<OrderScript> OrderGen =
        Gen.Select(Gen.Long[0, 3_000], Gen.Long[1, 1_500], Gen.Bool, Gen.Int[0, 4], Gen.Enum<Fate>(), (amount, points, spends, buyer, fate) => new OrderScript(amount, spends ? points : 0, buyer == 0, fate));

    private static readonly Gen<(OrderScript[] Orders, int[] Steps, long StartingPoints)> DropGen =
        Gen.Select(OrderGen.Array[1, 14], Gen.Int[0, 99].Array[20, 120], Gen.Long[0, 2_500]);

    [Fact]
    public void Loyalty_entries_are_written_once_per_order_and_kind_and_add_up_whatever_the_batches_and_redeliveries() =>
        FixedSeeds.Check(DropGen, drop => new Drop(drop.Orders, drop.StartingPoints).Run(drop.Steps), iterations: 300, firstSeed: 14_300);

    /// <summary>The engine (reacting to payments at once), the journal, and the wallet settling it against an in-memory ledger.</summary>
    private sealed class Drop
    {
        private readonly OrderScript[] _orders;
        private readonly Guid[] _ids;
        private readonly List<Decision> _journal = [];
        private readonly HashSet<Guid> _settledInEngine = [];
        private readonly List<int> _cancellable = [];
        private readonly MemoryLedger _ledger;
        private int _nextHold;
        private int _cursor;

        public Drop(OrderScript[] orders, long startingPoints)
        {
            _orders = orders;
            _ids = [.. orders.Select(_ => Guid.NewGuid())];
            _ledger = new MemoryLedger(startingPoints);
        }

        public void Run(int[] steps)
        {
            foreach (var step in steps)
            {
                if (step < 30)
                {
                    Hold();
                }
                else if (step < 85)
                {
                    Settle(1 + (step % 5), redeliver: step % 3 == 0);
                }
                else
                {
                    Cancel();
                }
            }

            while (_nextHold < _orders.Length)
            {
                Hold();
            }

            Drain();
            while (_cancellable.Count > 0)
            {
                Cancel();
            }

            Drain();
            var before = _ledger.Entries.Count;
            _cursor = 0;
            Drain();
            Assert.Equal(before, _ledger.Entries.Count);
            AssertLedgerMatchesJournal();
            var audited = _ledger.Entries.Values
                .Where(entry => _ids.Contains(entry.OrderId))
                .Select(entry => new LoyaltyMovement(entry.OrderId, entry.BuyerId, (LoyaltyEntryKind)(int)entry.Kind, entry.Points, entry.Rate?.Points, entry.Rate?.PerMinorUnits))
                .ToList();
            var report = LoyaltyAuditor.Audit(_journal, audited, (Rate.Points, Rate.PerMinorUnits));
            Assert.True(report.Settled, string.Join("; ", report.Findings.Select(finding => finding.Message)));
        }

        private void Hold()
        {
            if (_nextHold == _orders.Length)
            {
                return;
            }

            var order = _orders[_nextHold];
            var discounts = order.Points > 0 ? new OrderDiscounts(order.Amount + order.Points, 0, 0, order.Points) : null;
            _journal.Add(new OrderHeld(_journal.Count, 0, _ids[_nextHold], Session, BuyerOf(order), [_nextHold], order.Amount, 0, discounts));
            _nextHold++;
        }

        private void Cancel()
        {
            if (_cancellable.Count == 0)
            {
                return;
            }

            var index = _cancellable[0];
            _cancellable.RemoveAt(0);
            _journal.Add(new OrderCancelled(_journal.Count, 0, _ids[index], Session, [index]));
            _journal.Add(new RefundDue(_journal.Count, 0, _ids[index], Session, BuyerOf(_orders[index]), _orders[index].Amount, RefundReason.Cancelled));
        }

        private void Drain()
        {
            while (_cursor < _journal.Count)
            {
                Settle(7, redeliver: true);
            }
        }

        private void Settle(int count, bool redeliver)
        {
            var first = redeliver ? Math.Max(0, _cursor - 3) : _cursor;
            var last = Math.Min(_journal.Count, _cursor + count);
            if (last <= first)
            {
                return;
            }

            var work = SettlementWork.From([.. _journal[first..last].Select(decision => new JournalBatch(0, 0, [decision]))]);
            _cursor = Math.Max(_cursor, last);
            if (work.IsEmpty)
            {
                return;
            }

            var plan = SettlementPlan.Create(work, _ledger.StateFor(work), "EUR", Rate);
            _ledger.Apply(plan);
            foreach (var outcome in plan.Outcomes)
            {
                React(outcome);
            }
        }

        /// <summary>What the engine does with a payment's outcome: only its first counts.</summary>
        private void React(PaymentOutcome outcome)
        {
            if (!_settledInEngine.Add(outcome.OrderId))
            {
                return;
            }

            var index = Array.IndexOf(_ids, outcome.OrderId);
            var order = _orders[index];
            if (!outcome.Succeeded)
            {
                _journal.Add(new OrderReleased(_journal.Count, 0, outcome.OrderId, Session, [index], outcome.FailureReason!));
            }
            else if (order.Fate == Fate.PaidLate)
            {
                _journal.Add(new OrderExpired(_journal.Count, 0, outcome.OrderId, Session, [index]));
                _journal.Add(new RefundDue(_journal.Count, 0, outcome.OrderId, Session, BuyerOf(order), order.Amount, RefundReason.LatePayment));
            }
            else
            {
                _journal.Add(new OrderConfirmed(_journal.Count, 0, outcome.OrderId, Session, [index], 1));
                if (order.Fate == Fate.Cancelled)
                {
                    _cancellable.Add(index);
                }
            }
        }

        private void AssertLedgerMatchesJournal()
        {
            for (var i = 0; i < _orders.Length; i++)
            {
                var (order, id) = (_orders[i], _ids[i]);
                var paid = _ledger.Payments[id].Succeeded;
                var refunded = _journal.OfType<RefundDue>().Any(due => due.OrderId == id);
                var cancelled = _journal.OfType<RefundDue>().Any(due => due.OrderId == id && due.Reason == RefundReason.Cancelled);
                var confirmed = _journal.OfType<OrderConfirmed>().Any(done => done.OrderId == id);
                var earning = Rate.PointsFor(order.Amount);
                if (order.Blocked && order.Points > 0)
                {
                    Assert.Equal(PaymentOutcome.PointsFrozen, _ledger.Payments[id].FailureReason);
                }

                Assert.Equal(paid && order.Points > 0 ? order.Points : null, _ledger.PointsOf(id, LoyaltyKind.Spend));
                Assert.Equal(paid && order.Points > 0 && refunded ? order.Points : null, _ledger.PointsOf(id, LoyaltyKind.SpendReturn));
                Assert.Equal(confirmed && earning > 0 ? earning : null, _ledger.PointsOf(id, LoyaltyKind.Earn));
                Assert.Equal(confirmed && earning > 0 && cancelled ? earning : null, _ledger.PointsOf(id, LoyaltyKind.EarnReversal));
            }

            foreach (var buyer in new[] { FreeBuyer, BlockedBuyer })
            {
                var entries = _ledger.Entries.Values.Where(entry => entry.BuyerId == buyer).ToList();
                long Sum(LoyaltyKind kind) => entries.Where(entry => entry.Kind == kind).Sum(entry => entry.Points);
                Assert.Equal(Sum(LoyaltyKind.Earn) - Sum(LoyaltyKind.EarnReversal) - Sum(LoyaltyKind.Spend) + Sum(LoyaltyKind.SpendReturn), _ledger.PointsBalance(buyer));
            }
        }

        private static long BuyerOf(OrderScript order) => order.Blocked ? BlockedBuyer : FreeBuyer;
    }

    /// <summary>The wallet's tables as settlement sees them, with their unique keys: a second entry per order and kind throws.</summary>
    private sealed class MemoryLedger
    {
        private readonly Guid _startingOrder = Guid.NewGuid();

        public MemoryLedger(long startingPoints)
        {
            foreach (var buyer in new[] { FreeBuyer, BlockedBuyer })
            {
                var order = buyer == FreeBuyer ? _startingOrder : Guid.NewGuid();
                if (startingPoints > 0)
                {
                    Entries.Add((order, LoyaltyKind.Earn), new LoyaltyEntry(order, Session, buyer, LoyaltyKind.Earn, startingPoints, Rate));
                }
            }
        }

        public Dictionary<Guid, PaymentOutcome> Payments { get; } = [];

        public Dictionary<(Guid OrderId, LoyaltyKind Kind), LoyaltyEntry> Entries { get; } = [];

        public long? PointsOf(Guid orderId, LoyaltyKind kind) => Entries.TryGetValue((orderId, kind), out var entry) ? entry.Points : null;

        public long PointsBalance(long buyer) =>
            Entries.Values.Where(entry => entry.BuyerId == buyer).Sum(entry => LoyaltyKinds.BalanceEffect(entry.Kind, entry.Points));

        public LedgerState StateFor(SettlementWork work)
        {
            var orders = work.Holds.Select(hold => hold.OrderId).Concat(work.Confirmations.Select(done => done.OrderId)).Concat(work.Refunds.Select(due => due.OrderId)).ToHashSet();
            return new LedgerState(
                Payments.Where(payment => orders.Contains(payment.Key)).ToDictionary(),
                new Dictionary<long, AccountBalance> { [FreeBuyer] = new("EUR", long.MaxValue / 2), [BlockedBuyer] = new("EUR", long.MaxValue / 2) },
                new Dictionary<Guid, RecordedDebit>(),
                new HashSet<Guid>(),
                new HashSet<(Guid, DeadLetterKind)>(),
                new LoyaltyLedger(
                    new Dictionary<long, long> { [FreeBuyer] = PointsBalance(FreeBuyer), [BlockedBuyer] = PointsBalance(BlockedBuyer) },
                    new HashSet<long> { BlockedBuyer },
                    Entries.Where(entry => orders.Contains(entry.Key.OrderId)).ToDictionary()));
        }

        public void Apply(SettlementPlan plan)
        {
            foreach (var outcome in plan.NewOutcomes)
            {
                Payments.Add(outcome.OrderId, outcome);
            }

            var balances = new Dictionary<long, long> { [FreeBuyer] = PointsBalance(FreeBuyer), [BlockedBuyer] = PointsBalance(BlockedBuyer) };
            foreach (var entry in plan.LoyaltyEntries)
            {
                if (entry.Kind == LoyaltyKind.Spend)
                {
                    Assert.True(balances[entry.BuyerId] >= entry.Points, $"spent {entry.Points} points of a balance of {balances[entry.BuyerId]}");
                }

                balances[entry.BuyerId] += LoyaltyKinds.BalanceEffect(entry.Kind, entry.Points);
                Entries.Add((entry.OrderId, entry.Kind), entry);
            }
        }
    }
}
