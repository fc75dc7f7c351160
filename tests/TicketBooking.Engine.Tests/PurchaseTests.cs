using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Tests;

public class PurchaseTests
{
    private readonly EngineHarness _h = new();

    public PurchaseTests() => _h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(3, 10, (row, _) => (byte)row), maxSeatsPerBuyer: 4));

    [Fact]
    public void Explicit_seats_are_held_with_price_and_deadline()
    {
        var held = _h.Hold(1, buyerId: 7, 0, 1, 12);

        Assert.Equal([0, 1, 12], held.Seats);
        Assert.Equal(5_000 + 5_000 + 3_000, held.Amount);
        Assert.Equal(_h.NowMs + EngineHarness.HoldTimeoutMs, held.DeadlineMs);
        var session = _h.Engine.State.Sessions[1];
        Assert.True(session.Seats.IsTaken(12));
        Assert.Equal(8, session.Seats.FreeSeats(0));
        Assert.Equal(3, session.SeatsOf(7));
        Assert.Equal(OrderStatus.Held, _h.Engine.State.Orders[held.OrderId].Status);
    }

    [Fact]
    public void A_taken_seat_rejects_the_whole_request_and_takes_nothing()
    {
        _h.Hold(1, 1, 5);

        var reason = _h.RunRejected(new Purchase(Guid.NewGuid(), 1, 2, SeatRequest.Explicit(4, 5, 6)));

        Assert.Equal(RejectReason.SeatTaken, reason);
        var seats = _h.Engine.State.Sessions[1].Seats;
        Assert.False(seats.IsTaken(4));
        Assert.False(seats.IsTaken(6));
        Assert.Equal(1, seats.TakenCount());
    }

    [Theory]
    [InlineData(new[] { -1 })]
    [InlineData(new[] { 30 })]
    [InlineData(new[] { 3, 3 })]
    public void Invalid_seat_ids_are_rejected(int[] seats) =>
        Assert.Equal(RejectReason.InvalidSeat, _h.RunRejected(new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Explicit(seats))));

    [Fact]
    public void Empty_and_oversized_requests_are_invalid()
    {
        Assert.Equal(RejectReason.InvalidRequest, _h.RunRejected(new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Explicit())));
        Assert.Equal(RejectReason.InvalidRequest, _h.RunRejected(new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Adjacent(5, 0))));
        Assert.Equal(RejectReason.InvalidRequest, _h.RunRejected(new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Adjacent(0, 0))));
        Assert.Equal(RejectReason.InvalidRequest, _h.RunRejected(new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Adjacent(2, 9))));
    }

    public static TheoryData<SeatRequest, RejectReason> RequestsNoSeatsCanFill() => new()
    {
        { SeatRequest.Explicit(), RejectReason.InvalidRequest },
        { SeatRequest.Adjacent(-2, 0), RejectReason.InvalidRequest },
        { SeatRequest.Adjacent(int.MinValue, 0), RejectReason.InvalidRequest },
        { SeatRequest.Adjacent(2, -1), RejectReason.InvalidRequest },
        { new SeatRequest([], 3, 0), RejectReason.InvalidRequest },
        { SeatRequest.Explicit(int.MinValue), RejectReason.InvalidSeat },
        { SeatRequest.Explicit(int.MaxValue), RejectReason.InvalidSeat },
        { SeatRequest.Explicit([.. Enumerable.Range(0, TicketEngine.MaxSeatsPerBuyerLimit + 1)]), RejectReason.InvalidRequest },
    };

    [Theory]
    [MemberData(nameof(RequestsNoSeatsCanFill))]
    public void A_request_no_seats_can_fill_is_rejected_and_the_partition_decides_the_next_purchase(SeatRequest request, RejectReason reason)
    {
        Assert.Equal(reason, _h.RunRejected(new Purchase(Guid.NewGuid(), 1, 1, request)));

        Assert.Equal([4], _h.Hold(1, buyerId: 1, 4).Seats);
    }

    [Fact]
    public void Unknown_session_is_rejected() =>
        Assert.Equal(RejectReason.UnknownSession, _h.RunRejected(new Purchase(Guid.NewGuid(), 99, 1, SeatRequest.Explicit(1))));

    [Fact]
    public void Per_buyer_limit_counts_seats_already_held()
    {
        _h.Hold(1, 7, 0, 1, 2);

        Assert.Equal(RejectReason.OverBuyerLimit, _h.RunRejected(new Purchase(Guid.NewGuid(), 1, 7, SeatRequest.Explicit(3, 4))));
        _h.Hold(1, 7, 3);
        _h.Hold(1, 8, 4, 5);
    }

    [Fact]
    public void A_repeated_order_id_keeps_the_first_outcome_and_takes_nothing()
    {
        var held = _h.Hold(1, 1, 0);

        var repeat = _h.RunSingle<Rejected>(new Purchase(held.OrderId, 1, 1, SeatRequest.Explicit(1)));

        Assert.Equal(RejectReason.DuplicateOrder, repeat.Reason);
        Assert.False(_h.Engine.State.Sessions[1].Seats.IsTaken(1));
        Assert.Equal(OrderStatus.Held, _h.Engine.State.Orders[held.OrderId].Status);
    }

    [Fact]
    public void A_repeated_rejected_order_stays_rejected()
    {
        var orderId = Guid.NewGuid();
        Assert.Equal(RejectReason.UnknownSession, _h.RunRejected(new Purchase(orderId, 99, 1, SeatRequest.Explicit(1))));

        Assert.Equal(RejectReason.DuplicateOrder, _h.RunRejected(new Purchase(orderId, 1, 1, SeatRequest.Explicit(1))));
        Assert.Equal(OrderStatus.Rejected, _h.Engine.State.Orders[orderId].Status);
        Assert.Equal(RejectReason.UnknownSession, _h.Engine.State.Orders[orderId].RejectReason);
    }

    [Fact]
    public void Adjacent_request_takes_the_middle_of_the_first_row_with_room()
    {
        var held = _h.RunSingle<OrderHeld>(new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Adjacent(4, 1)));

        Assert.Equal([13, 14, 15, 16], held.Seats);
        Assert.Equal(4 * 3_000, held.Amount);
    }

    [Fact]
    public void Adjacent_request_skips_blocks_that_are_too_short()
    {
        // Row 0 (seats 0-9) keeps free blocks of 3 only.
        _h.Hold(1, 1, 3);
        _h.Hold(1, 2, 7);

        var held = _h.RunSingle<OrderHeld>(new Purchase(Guid.NewGuid(), 1, 3, SeatRequest.Adjacent(3, 0)));

        Assert.Equal([4, 5, 6], held.Seats);
        Assert.Equal(RejectReason.NoAdjacentSeats, _h.RunRejected(new Purchase(Guid.NewGuid(), 1, 4, SeatRequest.Adjacent(4, 0))));
    }

    [Fact]
    public void Sold_out_category_is_rejected_as_sold_out()
    {
        for (var buyer = 0; buyer < 5; buyer++)
        {
            _h.RunSingle<OrderHeld>(new Purchase(Guid.NewGuid(), 1, buyer, SeatRequest.Adjacent(2, 2)));
        }

        Assert.Equal(RejectReason.SoldOut, _h.RunRejected(new Purchase(Guid.NewGuid(), 1, 99, SeatRequest.Adjacent(1, 2))));
        Assert.Equal(0, _h.Engine.State.Sessions[1].Seats.FreeSeats(2));
    }

    [Fact]
    public void Closed_session_and_started_show_refuse_purchases()
    {
        _h.RunSingle<SessionClosed>(new CloseSession(1));
        Assert.Equal(RejectReason.SessionClosed, _h.RunRejected(new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Explicit(1))));

        _h.RunSingle<SessionOpened>(EngineHarness.Open(2, EngineHarness.Hall(1, 5)));
        _h.NowMs = EngineHarness.ShowStartsAtMs;
        Assert.Equal(RejectReason.SessionClosed, _h.RunRejected(new Purchase(Guid.NewGuid(), 2, 1, SeatRequest.Explicit(1))));
    }
}
