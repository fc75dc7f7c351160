using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.Engine.Tests;

public class InputBatchTests
{
    private readonly EngineHarness _h = new();

    public InputBatchTests() => _h.Run(EngineHarness.Open(1, EngineHarness.Hall(2, 10)));

    [Fact]
    public void Each_command_of_a_batch_gets_its_own_outcome_in_order()
    {
        var first = new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Explicit(0, 1));
        var taken = new Purchase(Guid.NewGuid(), 1, 2, SeatRequest.Explicit(1));
        var third = new Purchase(Guid.NewGuid(), 1, 3, SeatRequest.Adjacent(2, 0));

        var decisions = _h.Run(new InputBatch([first, taken, third]));

        Assert.Collection(
            decisions,
            d => Assert.Equal(first.OrderId, Assert.IsType<OrderHeld>(d).OrderId),
            d => Assert.Equal(RejectReason.SeatTaken, Assert.IsType<Rejected>(d).Reason),
            d => Assert.Equal(third.OrderId, Assert.IsType<OrderHeld>(d).OrderId));
        Assert.All(decisions, d => Assert.Equal(decisions[0].InputSequence, d.InputSequence));
    }

    [Fact]
    public void A_repeated_order_id_in_a_later_batch_keeps_its_first_outcome()
    {
        var purchase = new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Explicit(4));
        var held = _h.RunSingle<OrderHeld>(purchase);

        var decisions = _h.Run(new InputBatch([purchase with { Seats = SeatRequest.Explicit(5) }, new PaymentSucceeded(held.OrderId, 1)]));

        Assert.Equal(RejectReason.DuplicateOrder, Assert.IsType<Rejected>(decisions[0]).Reason);
        Assert.Equal(held.OrderId, Assert.IsType<OrderConfirmed>(decisions[1]).OrderId);
        Assert.False(_h.Engine.State.FindSession(1)!.Seats.IsTaken(5));
    }

    [Fact]
    public void A_batch_or_tick_inside_a_batch_is_rejected_as_unreadable_and_counted_as_owed()
    {
        var batch = new InputBatch([new InputBatch([]), new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Explicit(7))]);

        var decisions = _h.Run(batch);

        Assert.Equal(CommandKind.Unreadable, Assert.IsType<Rejected>(decisions[0]).Command);
        Assert.IsType<OrderHeld>(decisions[1]);
        Assert.Equal(2, TicketEngine.OwnOutcomesOf(batch));
        Assert.Equal(0, TicketEngine.OwnOutcomesOf(new InputBatch([Tick.Instance])));
    }

    [Fact]
    public void A_batch_survives_the_wire()
    {
        var purchase = new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Explicit(3));
        var cancel = new Cancel(Guid.NewGuid(), 1, 1);

        var decoded = Assert.IsType<InputBatch>(EngineCodec.DeserializeCommand(EngineCodec.Serialize(new InputBatch([purchase, cancel]))));

        Assert.Equal(2, decoded.Commands.Length);
        var first = Assert.IsType<Purchase>(decoded.Commands[0]);
        Assert.Equal((purchase.OrderId, purchase.SessionId, purchase.BuyerId), (first.OrderId, first.SessionId, first.BuyerId));
        Assert.Equal(purchase.Seats.SeatIds, first.Seats.SeatIds);
        Assert.Equal(cancel, decoded.Commands[1]);
    }
}
