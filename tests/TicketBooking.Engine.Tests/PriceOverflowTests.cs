using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Tests;

public class PriceOverflowTests
{
    private readonly EngineHarness _h = new();

    // A seat of row 0 costs half the largest amount (rounded down), one of row 1 the largest amount.
    public PriceOverflowTests() =>
        _h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(2, 10, (row, _) => (byte)row), prices: [long.MaxValue / 2, long.MaxValue]));

    [Fact]
    public void Seats_whose_prices_add_up_past_the_maximum_reject_the_purchase_and_take_nothing()
    {
        var purchase = new Purchase(Guid.NewGuid(), 1, 7, SeatRequest.Explicit(0, 10));

        Assert.Equal(RejectReason.PriceOverflow, _h.RunRejected(purchase));
        var session = _h.Engine.State.Sessions[1];
        Assert.Equal(0, session.Seats.TakenCount());
        Assert.Equal(0, session.SeatsOf(7));
        Assert.Equal(OrderStatus.Rejected, _h.Engine.State.Orders[purchase.OrderId].Status);
    }

    [Fact]
    public void Adjacent_seats_whose_prices_overflow_are_rejected_too() =>
        Assert.Equal(RejectReason.PriceOverflow, _h.RunRejected(new Purchase(Guid.NewGuid(), 1, 7, SeatRequest.Adjacent(2, 1))));

    [Fact]
    public void A_seat_may_cost_the_largest_amount_and_the_next_purchase_still_goes_through()
    {
        _h.RunRejected(new Purchase(Guid.NewGuid(), 1, 7, SeatRequest.Explicit(10, 11)));

        var held = _h.Hold(1, 7, 10);

        Assert.Equal(long.MaxValue, held.Amount);
        Assert.Equal(long.MaxValue - 1, _h.Hold(1, 8, 0, 2).Amount);
    }
}
