using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Tests;

public class SettlementTests
{
    private readonly EngineHarness _h = new();

    public SettlementTests() => _h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(2, 10)));

    [Fact]
    public void Payment_confirms_and_numbers_tickets_per_session()
    {
        var first = _h.Hold(1, 1, 0, 1);
        var second = _h.Hold(1, 2, 5);

        var confirmed = _h.RunSingle<OrderConfirmed>(new PaymentSucceeded(first.OrderId, 1));
        var confirmedLater = _h.RunSingle<OrderConfirmed>(new PaymentSucceeded(second.OrderId, 1));

        Assert.Equal(1, confirmed.FirstTicketNumber);
        Assert.Equal(3, confirmedLater.FirstTicketNumber);
        Assert.Equal(OrderStatus.Confirmed, _h.Engine.State.Orders[first.OrderId].Status);
        Assert.True(_h.Engine.State.Sessions[1].Seats.IsTaken(0));
    }

    [Fact]
    public void A_second_payment_for_a_confirmed_order_changes_nothing()
    {
        var held = _h.Hold(1, 1, 0);
        _h.RunSingle<OrderConfirmed>(new PaymentSucceeded(held.OrderId, 1));

        Assert.Equal(RejectReason.AlreadySettled, _h.RunRejected(new PaymentSucceeded(held.OrderId, 1)));
    }

    [Fact]
    public void Payment_for_an_unknown_order_is_rejected() =>
        Assert.Equal(RejectReason.UnknownOrder, _h.RunRejected(new PaymentSucceeded(Guid.NewGuid(), 1)));

    [Fact]
    public void Failed_payment_releases_the_seats()
    {
        var held = _h.Hold(1, 1, 0, 1);

        var released = _h.RunSingle<OrderReleased>(new PaymentFailed(held.OrderId, 1, "insufficient funds"));

        Assert.Equal([0, 1], released.Seats);
        Assert.Equal(0, _h.Engine.State.Sessions[1].Seats.TakenCount());
        Assert.Equal(0, _h.Engine.State.Sessions[1].SeatsOf(1));
        Assert.Equal(RejectReason.NotHeld, _h.RunRejected(new PaymentFailed(held.OrderId, 1, "again")));
        Assert.Equal(RejectReason.UnknownOrder, _h.RunRejected(new PaymentFailed(Guid.NewGuid(), 1, "who")));
    }

    [Fact]
    public void Holds_expire_at_their_deadline_on_any_input_and_free_the_seats()
    {
        var held = _h.Hold(1, 1, 0);
        _h.NowMs = held.DeadlineMs - 1;
        Assert.Empty(_h.Run(Tick.Instance));

        _h.NowMs = held.DeadlineMs;
        var expired = _h.RunSingle<OrderExpired>(Tick.Instance);

        Assert.Equal(held.OrderId, expired.OrderId);
        Assert.False(_h.Engine.State.Sessions[1].Seats.IsTaken(0));
        Assert.Equal(0, _h.Engine.State.PendingHolds);
    }

    [Fact]
    public void Holds_expire_in_deadline_order_before_the_command_that_reveals_them()
    {
        var first = _h.Hold(1, 1, 0);
        _h.NowMs += 10;
        var second = _h.Hold(1, 2, 1);
        _h.NowMs = second.DeadlineMs;

        var decisions = _h.Run(new Purchase(Guid.NewGuid(), 1, 3, SeatRequest.Explicit(0)));

        Assert.Collection(
            decisions,
            d => Assert.Equal(first.OrderId, Assert.IsType<OrderExpired>(d).OrderId),
            d => Assert.Equal(second.OrderId, Assert.IsType<OrderExpired>(d).OrderId),
            d => Assert.Equal([0], Assert.IsType<OrderHeld>(d).Seats));
    }

    [Fact]
    public void A_payment_after_expiry_is_refunded()
    {
        var held = _h.Hold(1, 1, 0);
        _h.NowMs = held.DeadlineMs + 5;

        var decisions = _h.Run(new PaymentSucceeded(held.OrderId, 1));

        Assert.IsType<OrderExpired>(decisions[0]);
        var refund = Assert.IsType<RefundDue>(decisions[1]);
        Assert.Equal(held.Amount, refund.Amount);
        Assert.Equal(RefundReason.LatePayment, refund.Reason);
        Assert.Equal(1, refund.BuyerId);
    }

    [Fact]
    public void Confirmed_orders_do_not_expire()
    {
        var held = _h.Hold(1, 1, 0);
        _h.RunSingle<OrderConfirmed>(new PaymentSucceeded(held.OrderId, 1));
        _h.NowMs = held.DeadlineMs + 1;

        Assert.Empty(_h.Run(Tick.Instance));
        Assert.True(_h.Engine.State.Sessions[1].Seats.IsTaken(0));
    }

    [Fact]
    public void Cancelling_a_hold_frees_seats_without_refund_and_a_late_payment_is_refunded()
    {
        var held = _h.Hold(1, 1, 0);

        _h.RunSingle<OrderCancelled>(new Cancel(held.OrderId, 1, 1));
        var refund = _h.RunSingle<RefundDue>(new PaymentSucceeded(held.OrderId, 1));

        Assert.Equal(RefundReason.LatePayment, refund.Reason);
        Assert.False(_h.Engine.State.Sessions[1].Seats.IsTaken(0));
    }

    [Fact]
    public void A_late_payment_delivered_again_is_not_owed_twice()
    {
        var held = _h.Hold(1, 1, 0);
        _h.NowMs = held.DeadlineMs + 5;
        _h.Run(new PaymentSucceeded(held.OrderId, 1));

        Assert.Equal(RejectReason.AlreadySettled, _h.RunRejected(new PaymentSucceeded(held.OrderId, 1)));
        Assert.True(_h.Engine.State.Orders[held.OrderId].RefundOwed);
    }

    [Fact]
    public void A_payment_delivered_again_after_a_refunded_cancel_is_not_owed_twice()
    {
        var held = _h.Hold(1, 1, 0);
        _h.RunSingle<OrderConfirmed>(new PaymentSucceeded(held.OrderId, 1));
        _h.Run(new Cancel(held.OrderId, 1, 1));

        Assert.Equal(RejectReason.AlreadySettled, _h.RunRejected(new PaymentSucceeded(held.OrderId, 1)));
    }

    [Fact]
    public void Cancelling_a_paid_order_before_the_show_frees_seats_and_refunds()
    {
        var held = _h.Hold(1, 1, 0, 1);
        _h.RunSingle<OrderConfirmed>(new PaymentSucceeded(held.OrderId, 1));

        var decisions = _h.Run(new Cancel(held.OrderId, 1, 1));

        Assert.IsType<OrderCancelled>(decisions[0]);
        var refund = Assert.IsType<RefundDue>(decisions[1]);
        Assert.Equal(RefundReason.Cancelled, refund.Reason);
        Assert.Equal(held.Amount, refund.Amount);
        Assert.Equal(0, _h.Engine.State.Sessions[1].Seats.TakenCount());
        Assert.Equal(RejectReason.NotCancellable, _h.RunRejected(new Cancel(held.OrderId, 1, 1)));
    }

    [Fact]
    public void Cancelling_is_refused_to_others_and_after_the_show_starts()
    {
        var held = _h.Hold(1, 1, 0);
        _h.RunSingle<OrderConfirmed>(new PaymentSucceeded(held.OrderId, 1));

        Assert.Equal(RejectReason.NotOrderOwner, _h.RunRejected(new Cancel(held.OrderId, 1, 2)));
        Assert.Equal(RejectReason.UnknownOrder, _h.RunRejected(new Cancel(Guid.NewGuid(), 1, 1)));
        _h.NowMs = EngineHarness.ShowStartsAtMs;
        Assert.Equal(RejectReason.ShowStarted, _h.RunRejected(new Cancel(held.OrderId, 1, 1)));
    }
}
