using CsCheck;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.State;
using TicketBooking.Engine.Tests;

namespace TicketBooking.Projections.Statistics.Tests;

/// <summary>
/// Random drops through the real engine, folded as the worker folds them (in transactions of random size, orders
/// carried from one to the next only through their stored rows), against a fold written here from the raw decisions,
/// and against the engine's own state: no ticket counted twice or lost, no money made or lost.
/// </summary>
public sealed class StatisticsFoldProperties
{
    [Fact]
    public void Folded_in_any_transactions_the_statistics_equal_an_independent_fold_of_the_journal() =>
        FixedSeeds.Check(Gen.Int[0, 1_000_000], seed =>
        {
            var drop = RandomDrop.Play(seed, inputs: 400);
            var (sessions, minutes) = FoldInTransactions(drop.Journal, new Random(seed));

            var expected = IndependentFold(drop.Journal);
            Assert.Equal(expected.Sessions.Keys.Order(), sessions.Keys.Order());
            foreach (var (session, figures) in expected.Sessions)
            {
                Assert.Equal(figures, sessions[session]);
            }

            Assert.Equal(expected.Minutes.OrderBy(pair => pair.Key), minutes.OrderBy(pair => pair.Key));
        }, iterations: 60, firstSeed: 1_400);

    [Fact]
    public void Seats_kept_are_the_seats_of_the_orders_the_engine_holds_confirmed_and_every_return_is_refunded_its_price() =>
        FixedSeeds.Check(Gen.Int[0, 1_000_000], seed =>
        {
            var drop = RandomDrop.Play(seed, inputs: 400);
            var (sessions, _) = FoldInTransactions(drop.Journal, new Random(seed));
            var confirmed = drop.Engine.State.Orders.Values.Where(order => order.Status == OrderStatus.Confirmed).ToList();
            // Tickets were issued for an order once it was confirmed; a cancelled one with tickets was a paid order given back.
            var returned = drop.Engine.State.Orders.Values.Where(order => order.Status == OrderStatus.Cancelled && order.FirstTicketNumber > 0).ToList();
            foreach (var (session, figures) in sessions)
            {
                Assert.Equal(confirmed.Where(order => order.SessionId == session).Sum(order => (long)order.Seats.Length), figures.Visitors);
                Assert.Equal(returned.Where(order => order.SessionId == session).Sum(order => order.Amount), figures.Refunds);
                Assert.Equal(figures.GrossRevenue - returned.Where(order => order.SessionId == session).Sum(order => order.Amount), figures.NetRevenue);
                Assert.Equal(drop.Engine.State.FindSession(session)!.Layout.SeatCount, figures.Capacity);
            }
        }, iterations: 60, firstSeed: 9_100);

    [Fact]
    public void The_random_drops_reach_every_outcome_the_statistics_count()
    {
        var decisions = RandomDrop.Play(1_400, inputs: 400).Journal.Select(entry => entry.Decision).ToList();

        Assert.Contains(decisions, decision => decision is OrderConfirmed);
        Assert.Contains(decisions, decision => decision is OrderExpired);
        Assert.Contains(decisions, decision => decision is OrderReleased);
        Assert.Contains(decisions, decision => decision is RefundDue { Reason: RefundReason.Cancelled });
        Assert.Contains(decisions, decision => decision is RefundDue { Reason: RefundReason.LatePayment });
        Assert.Contains(decisions, decision => decision is OrderHeld { Discounts: not null });
    }

    /// <summary>As the worker: random groups of decisions, each folded with only the stored rows it asks for, its tallies added to the "table".</summary>
    private static (Dictionary<long, StatisticsFigures> Sessions, Dictionary<(long, DateTime), (long, long)> Minutes) FoldInTransactions(
        IReadOnlyList<(Decision Decision, DateTimeOffset JournaledAt)> journal, Random random)
    {
        var stored = new Dictionary<Guid, TrackedOrder>();
        var sessions = new Dictionary<long, StatisticsFigures>();
        var minutes = new Dictionary<(long, DateTime), (long Tickets, long Amount)>();
        for (var start = 0; start < journal.Count;)
        {
            var group = journal.Skip(start).Take(random.Next(1, 40)).ToList();
            start += group.Count;
            var load = StatisticsFold.OrdersToLoad(group.Select(entry => entry.Decision));
            var fold = new StatisticsFold(stored.Where(pair => load.Contains(pair.Key)).ToDictionary());
            foreach (var (decision, at) in group)
            {
                fold.Apply(decision, at);
            }

            foreach (var order in fold.ChangedOrders)
            {
                stored[order.OrderId] = order;
            }

            foreach (var (session, tally) in fold.Sessions)
            {
                var row = sessions.GetValueOrDefault(session) ?? new StatisticsFigures(1, 0, 0, 0, 0, 0, 0, 0, 0);
                sessions[session] = row with
                {
                    Capacity = tally.Capacity ?? row.Capacity,
                    TicketsSold = row.TicketsSold + tally.TicketsSold,
                    TicketsReturned = row.TicketsReturned + tally.TicketsReturned,
                    GrossRevenue = row.GrossRevenue + tally.Gross,
                    PromoDiscounts = row.PromoDiscounts + tally.PromoDiscounts,
                    PointsSpent = row.PointsSpent + tally.PointsSpent,
                    Refunds = row.Refunds + tally.Refunds,
                    LatePaymentRefunds = row.LatePaymentRefunds + tally.LatePaymentRefunds,
                };
            }

            foreach (var (key, tally) in fold.Minutes)
            {
                var (tickets, amount) = minutes.GetValueOrDefault(key);
                minutes[key] = (tickets + tally.Tickets, amount + tally.Amount);
            }
        }

        return (sessions, minutes);
    }

    /// <summary>The figures straight from the decisions, by joining each confirmation and cancellation with its order's hold.</summary>
    private static (Dictionary<long, StatisticsFigures> Sessions, Dictionary<(long, DateTime), (long, long)> Minutes) IndependentFold(
        IReadOnlyList<(Decision Decision, DateTimeOffset JournaledAt)> journal)
    {
        var decisions = journal.Select(entry => entry.Decision).ToList();
        var holds = decisions.OfType<OrderHeld>().GroupBy(held => held.OrderId).ToDictionary(group => group.Key, group => group.First());
        var confirmations = journal.Where(entry => entry.Decision is OrderConfirmed).Select(entry => ((OrderConfirmed)entry.Decision, entry.JournaledAt)).ToList();
        var confirmedOrders = confirmations.Select(pair => pair.Item1.OrderId).ToHashSet();
        var returns = decisions.OfType<OrderCancelled>().Where(cancelled => confirmedOrders.Contains(cancelled.OrderId)).ToList();
        var refunds = decisions.OfType<RefundDue>().ToList();
        var capacities = decisions.OfType<SessionOpened>().GroupBy(opened => opened.SessionId).ToDictionary(group => group.Key, group => (long)group.Last().Layout.Rows.Sum(row => row.SeatCategories.Length));
        var sessions = capacities.Keys
            .Concat(confirmations.Select(pair => pair.Item1.SessionId))
            .Concat(refunds.Select(refund => refund.SessionId))
            .Distinct()
            .ToDictionary(session => session, session =>
            {
                var sold = confirmations.Select(pair => holds[pair.Item1.OrderId]).Where(held => held.SessionId == session).ToList();
                return new StatisticsFigures(
                    1,
                    capacities.GetValueOrDefault(session),
                    sold.Sum(held => (long)held.Seats.Length),
                    returns.Where(cancelled => cancelled.SessionId == session).Sum(cancelled => (long)holds[cancelled.OrderId].Seats.Length),
                    sold.Sum(held => held.Amount),
                    sold.Sum(held => held.Discounts?.PromoDiscount ?? 0),
                    sold.Sum(held => held.Discounts?.PointsSpent ?? 0),
                    refunds.Where(refund => refund.SessionId == session && refund.Reason == RefundReason.Cancelled).Sum(refund => refund.Amount),
                    refunds.Where(refund => refund.SessionId == session && refund.Reason != RefundReason.Cancelled).Sum(refund => refund.Amount));
            });
        var minutes = confirmations
            .GroupBy(pair => (pair.Item1.SessionId, new DateTime(pair.JournaledAt.UtcDateTime.Year, pair.JournaledAt.UtcDateTime.Month, pair.JournaledAt.UtcDateTime.Day, pair.JournaledAt.UtcDateTime.Hour, pair.JournaledAt.UtcDateTime.Minute, 0, DateTimeKind.Utc)))
            .ToDictionary(group => group.Key, group => (group.Sum(pair => (long)holds[pair.Item1.OrderId].Seats.Length), group.Sum(pair => holds[pair.Item1.OrderId].Amount)));
        return (sessions, minutes);
    }
}
