using CsCheck;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Tests;

namespace TicketBooking.Notifications.Tests;

public sealed class StagedNotificationsTests
{
    private const long Session = 7;
    private static readonly Guid Order = Guid.Parse("0190f000-0000-7000-8000-000000000001");

    [Fact]
    public void A_confirmation_tells_the_buyer_of_the_hold_its_tickets_and_amount()
    {
        var staged = Fold(new OrderHeld(1, 1, Order, Session, 42, [3, 4], 14_000, 60_000), new OrderConfirmed(2, 2, Order, Session, [3, 4], 11));

        var notification = Assert.Single(staged.Resolve(new Dictionary<Guid, OrderOwner>(), out var unresolved));
        Assert.Equal(0, unresolved);
        Assert.Equal(NotificationKind.Confirmed, notification.Kind);
        Assert.Equal(42, notification.BuyerId);
        Assert.Equal(14_000, notification.Amount);
        Assert.Equal([(11L, 3), (12L, 4)], Tickets.Of(notification));
        Assert.Equal(NotificationIds.For(Order, NotificationKind.Confirmed), notification.Id);
        Assert.Equal((3, 2L), (notification.DecisionPartition, notification.DecisionSequence));
    }

    [Fact]
    public void Each_outcome_carries_what_its_decision_says()
    {
        var staged = Fold(
            new OrderReleased(5, 5, Order, Session, [1], "card declined"),
            new OrderExpired(6, 6, Order, Session, [1]),
            new OrderCancelled(7, 7, Order, Session, [1]),
            new RefundDue(8, 8, Order, Session, 42, 7_000, RefundReason.Cancelled));
        var owner = new OrderOwner(Order, Session, 42, 7_000);

        var notifications = staged.Resolve(new Dictionary<Guid, OrderOwner> { [Order] = owner }, out _);

        Assert.Equal([NotificationKind.Released, NotificationKind.Expired, NotificationKind.Cancelled, NotificationKind.Refunded], notifications.Select(n => n.Kind));
        Assert.Equal("card declined", notifications[0].Reason);
        Assert.Equal([1], notifications[1].Seats!);
        Assert.Equal((7_000L, "Cancelled"), (notifications[3].Amount!.Value, notifications[3].Reason!));
        Assert.All(notifications, n => Assert.Equal(42, n.BuyerId));
    }

    [Fact]
    public void A_rejected_purchase_is_told_but_a_repeated_one_and_other_rejections_are_not()
    {
        var staged = Fold(
            new Rejected(1, 1, CommandKind.Purchase, Order, Session, 42, RejectReason.SeatTaken),
            new Rejected(2, 2, CommandKind.Purchase, Order, Session, 42, RejectReason.DuplicateOrder),
            new Rejected(3, 3, CommandKind.Cancel, Order, Session, 42, RejectReason.NotCancellable));

        var notification = Assert.Single(staged.Resolve(new Dictionary<Guid, OrderOwner>(), out _));
        Assert.Equal((NotificationKind.Rejected, "SeatTaken", 42L), (notification.Kind, notification.Reason!, notification.BuyerId));
    }

    [Fact]
    public void An_outcome_whose_owner_is_unknown_asks_for_it_and_is_counted_when_still_unknown()
    {
        var staged = Fold(new OrderExpired(6, 6, Order, Session, [1]));

        Assert.Equal([Order], staged.MissingOwners());
        Assert.Empty(staged.Resolve(new Dictionary<Guid, OrderOwner>(), out var unresolved));
        Assert.Equal(1, unresolved);
    }

    [Fact]
    public void Holds_sessions_and_unknown_decisions_tell_nobody()
    {
        var staged = Fold(new OrderHeld(1, 1, Order, Session, 42, [1], 100, 1_000), new SessionClosed(2, 2, Session));

        Assert.Empty(staged.Resolve(new Dictionary<Guid, OrderOwner>(), out _));
        Assert.Equal(Order, Assert.Single(staged.Owners).OrderId);
    }

    [Fact]
    public void Ids_differ_by_order_and_kind_and_are_the_same_every_time()
    {
        var other = Guid.Parse("0190f000-0000-7000-8000-000000000002");
        var ids = Enum.GetValues<NotificationKind>().SelectMany(kind => new[] { NotificationIds.For(Order, kind), NotificationIds.For(other, kind) }).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(NotificationIds.For(Order, NotificationKind.Refunded), NotificationIds.For(Order, NotificationKind.Refunded));
        Assert.Equal(8, NotificationIds.For(Order, NotificationKind.Refunded).Version);
    }

    /// <summary>
    /// A journal folded in groups of any size, with any group delivered again (a crash before the checkpoint, a
    /// redelivery), stores each order's outcomes once, each for the order's buyer: nobody is told twice or told another's.
    /// </summary>
    [Fact]
    public void Any_grouping_and_redelivery_stores_each_outcome_once_for_its_buyer() =>
        FixedSeeds.Check(Gen.Int[0, int.MaxValue], seed =>
        {
            var random = new Random(seed);
            var (journal, expected) = Journal(random);
            var owners = new Dictionary<Guid, OrderOwner>();
            var stored = new Dictionary<Guid, Notification>();
            var position = 0;
            while (position < journal.Count)
            {
                var size = random.Next(1, 8);
                var group = journal.Skip(position).Take(size).ToList();
                var again = random.Next(4) == 0 ? random.Next(0, position + 1) : position;
                foreach (var start in again < position ? [again, position] : new[] { position })
                {
                    var replayed = start == position ? group : journal.Skip(start).Take(position + size - start).ToList();
                    var staged = new StagedNotifications();
                    foreach (var decision in replayed)
                    {
                        staged.Add(0, decision);
                    }

                    var known = staged.MissingOwners().Where(owners.ContainsKey).ToDictionary(order => order, order => owners[order]);
                    foreach (var notification in staged.Resolve(known, out _))
                    {
                        stored.TryAdd(notification.Id, notification);
                    }

                    foreach (var owner in staged.Owners)
                    {
                        owners.TryAdd(owner.OrderId, owner);
                    }
                }

                position += size;
            }

            Assert.Equal(expected.OrderBy(pair => pair.Id), stored.Values.Select(n => (n.Id, n.BuyerId, n.Kind)).OrderBy(pair => pair.Id));
        }, iterations: 300, firstSeed: 14_000);

    private static StagedNotifications Fold(params Decision[] decisions)
    {
        var staged = new StagedNotifications();
        foreach (var decision in decisions)
        {
            staged.Add(3, decision);
        }

        return staged;
    }

    /// <summary>Orders of random buyers, each held then settled one way (or rejected), with what each buyer must be told.</summary>
    private static (List<Decision> Journal, List<(Guid Id, long BuyerId, NotificationKind Kind)> Expected) Journal(Random random)
    {
        var journal = new List<Decision>();
        var expected = new List<(Guid, long, NotificationKind)>();
        var sequence = 0L;
        for (var i = 0; i < random.Next(1, 20); i++)
        {
            var order = new Guid(random.Next(), (short)i, 0, new byte[8]);
            var buyer = random.Next(1, 5);
            if (random.Next(6) == 0)
            {
                journal.Add(new Rejected(++sequence, sequence, CommandKind.Purchase, order, Session, buyer, RejectReason.SoldOut));
                expected.Add((NotificationIds.For(order, NotificationKind.Rejected), buyer, NotificationKind.Rejected));
                continue;
            }

            journal.Add(new OrderHeld(++sequence, sequence, order, Session, buyer, [i], 100, 1_000));
            var outcomes = random.Next(5) switch
            {
                0 => new Decision[] { new OrderConfirmed(++sequence, sequence, order, Session, [i], i + 1) },
                1 => [new OrderReleased(++sequence, sequence, order, Session, [i], "declined")],
                2 => [new OrderExpired(++sequence, sequence, order, Session, [i])],
                3 => [new OrderCancelled(++sequence, sequence, order, Session, [i])],
                _ => [new OrderConfirmed(++sequence, sequence, order, Session, [i], i + 1), new OrderCancelled(++sequence, sequence, order, Session, [i]), new RefundDue(++sequence, sequence, order, Session, buyer, 100, RefundReason.Cancelled)],
            };
            journal.AddRange(outcomes);
            expected.AddRange(outcomes.Select(outcome => outcome switch
            {
                OrderConfirmed => NotificationKind.Confirmed,
                OrderReleased => NotificationKind.Released,
                OrderExpired => NotificationKind.Expired,
                OrderCancelled => NotificationKind.Cancelled,
                _ => NotificationKind.Refunded,
            }).Select(kind => (NotificationIds.For(order, kind), (long)buyer, kind)));
        }

        return (journal, expected);
    }
}
