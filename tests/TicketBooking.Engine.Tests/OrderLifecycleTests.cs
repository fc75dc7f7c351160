using CsCheck;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.State;
using static TicketBooking.Engine.Tests.EveryKind;

namespace TicketBooking.Engine.Tests;

public class OrderLifecycleTests
{
    private static readonly OrderStatus[] AnyStatus = Enum.GetValues<OrderStatus>();

    /// <summary>Every kind of decision, the status it gives its order, and the statuses it may find the order in.</summary>
    public static TheoryData<Decision, OrderStatus?, OrderStatus[]> Decisions() => new()
    {
        { Opened, null, AnyStatus },
        { Closed, null, AnyStatus },
        { Held, OrderStatus.Held, AnyStatus },
        { Rejection(CommandKind.Purchase, RejectReason.SoldOut), OrderStatus.Rejected, AnyStatus },
        { Rejection(CommandKind.Purchase, RejectReason.DuplicateOrder), null, AnyStatus },
        { Rejection(CommandKind.PaymentSucceeded, RejectReason.AlreadySettled), null, AnyStatus },
        { Rejection(CommandKind.Cancel, RejectReason.NotCancellable), null, AnyStatus },
        { Rejection(CommandKind.OpenSession, RejectReason.SessionExists), null, AnyStatus },
        { Confirmed, OrderStatus.Confirmed, [OrderStatus.Held] },
        { Released, OrderStatus.Released, [OrderStatus.Held] },
        { Expired, OrderStatus.Expired, [OrderStatus.Held] },
        { Cancelled, OrderStatus.Cancelled, [OrderStatus.Held, OrderStatus.Confirmed] },
        { Refund, null, AnyStatus },
        { PromoDefined, null, AnyStatus },
        { Extended, null, [OrderStatus.Held] },
        { Rejection(CommandKind.ExtendHold, RejectReason.HoldExtensionsDisabled), null, AnyStatus },
        { Rejection(CommandKind.DefinePromoCode, RejectReason.InvalidPromoCode), null, AnyStatus },
        { Rejection(CommandKind.Purchase, RejectReason.PromoCodeBuyerLimit), OrderStatus.Rejected, AnyStatus },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void A_decision_gives_its_order_a_status_and_may_find_it_only_in_the_statuses_it_settles(Decision decision, OrderStatus? status, OrderStatus[] allowed)
    {
        Assert.Equal(status, OrderLifecycle.StatusAfter(decision));
        Assert.All(AnyStatus, before => Assert.Equal(allowed.Contains(before), OrderLifecycle.Allows(before, decision)));
    }

    [Fact]
    public void Every_kind_of_decision_is_asked() =>
        Assert.Equal(DefinedKindsOf<Decision>(), KindsIn(Decisions()));

    [Fact]
    public void A_rejection_makes_an_order_for_a_purchase_only_and_never_for_a_repeated_one()
    {
        foreach (var command in Enum.GetValues<CommandKind>())
        {
            foreach (var reason in Enum.GetValues<RejectReason>())
            {
                var rejected = Rejection(command, reason);
                var repeated = command == CommandKind.Purchase && reason == RejectReason.DuplicateOrder;
                Assert.Equal(command == CommandKind.Purchase && !repeated, OrderLifecycle.CreatesOrder(rejected));
                Assert.Equal(repeated, OrderLifecycle.IsRepeatedPurchase(rejected));
            }
        }
    }

    [Fact]
    public void A_kind_without_an_answer_is_refused()
    {
        Assert.Throws<ArgumentException>(() => OrderLifecycle.StatusAfter(new Unheard()));
        Assert.Throws<ArgumentException>(() => OrderLifecycle.Allows(OrderStatus.Held, new Unheard()));
    }

    [Fact]
    public void Folding_a_journal_through_the_lifecycle_gives_every_order_the_engines_status_and_no_transition_it_refuses() =>
        FixedSeeds.Check(
            DropScenario.Scripts,
            script =>
            {
                var h = new EngineHarness();
                var statuses = new Dictionary<Guid, OrderStatus>();
                foreach (var (advance, command) in DropScenario.Commands(script))
                {
                    h.NowMs += advance;
                    h.Run(command);
                }

                foreach (var decision in h.Journal)
                {
                    if (Concerning.OrderOf(decision) is { } orderId && statuses.TryGetValue(orderId, out var before))
                    {
                        Assert.True(OrderLifecycle.Allows(before, decision), $"{decision} found its order {before}.");
                    }

                    if (OrderLifecycle.StatusAfter(decision) is { } status)
                    {
                        statuses[Concerning.OrderOf(decision)!.Value] = status;
                    }
                }

                Assert.Equal(
                    h.Engine.State.Orders.Values.Select(order => (order.OrderId, order.Status)).Order(),
                    statuses.Select(entry => (entry.Key, entry.Value)).Order());
            },
            iterations: 200,
            firstSeed: 20261202);

    private sealed record Unheard() : Decision(1, 1);
}
