using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Ops.Commands;

namespace TicketBooking.Ops.Tests;

/// <summary>Which inputs and decisions <c>tb-ops order</c> shows for an order, and in what order.</summary>
public sealed class OrderHistoryTests
{
    private const long Session = 42;
    private static readonly Guid Order = Guid.NewGuid();

    [Fact]
    public void Every_command_about_an_order_names_it_and_session_commands_name_none()
    {
        Assert.Equal(Order, Concerning.OrderOf(new Purchase(Order, Session, 7, SeatRequest.Explicit(1))));
        Assert.Equal(Order, Concerning.OrderOf(new PaymentSucceeded(Order, Session)));
        Assert.Equal(Order, Concerning.OrderOf(new PaymentFailed(Order, Session, "declined")));
        Assert.Equal(Order, Concerning.OrderOf(new Cancel(Order, Session, 7)));
        Assert.Equal(Order, Concerning.OrderOf(new ExtendHold(Order, Session, 7)));
        Assert.Null(Concerning.OrderOf(new CloseSession(Session)));
        Assert.Null(Concerning.OrderOf(Tick.Instance));
    }

    [Fact]
    public void A_rejection_names_an_order_only_when_it_had_one()
    {
        Assert.Equal(Order, Concerning.OrderOf(new Rejected(1, 1, CommandKind.Purchase, Order, Session, 7, RejectReason.SeatTaken)));
        Assert.Null(Concerning.OrderOf(new Rejected(2, 2, CommandKind.OpenSession, Guid.Empty, Session, 0, RejectReason.SessionExists)));
        Assert.Equal(Order, Concerning.OrderOf(new OrderConfirmed(3, 3, Order, Session, [1], 1)));
        Assert.Equal(Order, Concerning.OrderOf(new HoldExtended(4, 4, Order, Session, 9_000, 1)));
        Assert.Equal(Order, Concerning.OrderOf(new Rejected(5, 5, CommandKind.ExtendHold, Order, Session, 7, RejectReason.HoldExtensionLimit)));
    }

    [Fact]
    public void Inside_a_group_committed_batch_only_the_orders_own_commands_count()
    {
        var mine = new PaymentSucceeded(Order, Session);
        var batch = new InputBatch([new PaymentFailed(Guid.NewGuid(), Session, "declined"), mine, new Purchase(Guid.NewGuid(), Session, 8, SeatRequest.Explicit(2))]);

        Assert.Equal([mine], OrderHistory.CommandsFor(batch, Order));
        Assert.Equal([mine], OrderHistory.CommandsFor(mine, Order));
        Assert.Empty(OrderHistory.CommandsFor(new Cancel(Guid.NewGuid(), Session, 7), Order));
    }

    [Fact]
    public void An_input_comes_before_the_decisions_it_caused_and_those_by_sequence()
    {
        var input = new EngineInput(5, 1_000, new Purchase(Order, Session, 7, SeatRequest.Explicit(1)));
        var held = new OrderHeld(11, 5, Order, Session, 7, [1], 100, 2_000);
        var expired = new OrderExpired(12, 6, Order, Session, [1]);
        OrderEvent[] events =
        [
            new(6, null, null, expired),
            new(5, 1_000, null, held),
            new(5, 1_000, input, null),
        ];

        var ordered = events.OrderBy(e => e.SortKey).ToList();

        Assert.Equal(input, ordered[0].Input);
        Assert.Same(held, ordered[1].Decision);
        Assert.Same(expired, ordered[2].Decision);
    }
}
