using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;

namespace TicketBooking.Engine.Tests;

public class SessionTests
{
    private readonly EngineHarness _h = new();

    [Fact]
    public void Opening_twice_is_rejected()
    {
        _h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(1, 3)));

        Assert.Equal(RejectReason.SessionExists, _h.RunRejected(EngineHarness.Open(1, EngineHarness.Hall(1, 3))));
    }

    public static TheoryData<OpenSession> InvalidSessions() => new()
    {
        EngineHarness.Open(1, new SessionLayout([])),
        EngineHarness.Open(1, new SessionLayout([new RowLayout("A", [])])),
        EngineHarness.Open(1, new SessionLayout([new RowLayout("A", [0, 3])])),
        EngineHarness.Open(1, new SessionLayout([new RowLayout("A", [0, 0], Traits: [1])])),
        EngineHarness.Open(1, new SessionLayout([new RowLayout("A", [0, 0], Traits: [0, 1, 2])])),
        EngineHarness.Open(1, new SessionLayout([new RowLayout("A", [0, 0], Traits: [0, 4])])),
        EngineHarness.Open(1, EngineHarness.Hall(1, 3), prices: []),
        EngineHarness.Open(1, EngineHarness.Hall(1, 3), prices: [-1]),
        EngineHarness.Open(1, EngineHarness.Hall(1, 3), maxSeatsPerBuyer: 0),
        EngineHarness.Open(1, EngineHarness.Hall(1, 3), maxSeatsPerBuyer: TicketEngine.MaxSeatsPerBuyerLimit + 1),
        EngineHarness.Open(1, EngineHarness.Hall(1, 3)) with { HoldTimeoutMs = 0 },
        EngineHarness.Open(1, EngineHarness.Hall(1001, 100)),
    };

    [Theory]
    [MemberData(nameof(InvalidSessions))]
    public void Invalid_sessions_are_rejected_and_not_opened(OpenSession open)
    {
        Assert.Equal(RejectReason.InvalidSession, _h.RunRejected(open));
        Assert.Empty(_h.Engine.State.Sessions);
    }

    [Fact]
    public void A_hall_of_one_hundred_thousand_seats_opens()
    {
        _h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(1000, 100)));

        Assert.Equal(100_000, _h.Engine.State.Sessions[1].Seats.Capacity);
        Assert.Equal([99_999], _h.Hold(1, 1, 99_999).Seats);
    }

    [Fact]
    public void Closing_unknown_or_closed_sessions_is_rejected()
    {
        Assert.Equal(RejectReason.UnknownSession, _h.RunRejected(new CloseSession(5)));
        _h.RunSingle<SessionOpened>(EngineHarness.Open(5, EngineHarness.Hall(1, 3)));
        _h.RunSingle<SessionClosed>(new CloseSession(5));

        Assert.Equal(RejectReason.SessionClosed, _h.RunRejected(new CloseSession(5)));
    }

    [Fact]
    public void Holds_made_before_closing_still_settle()
    {
        _h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(1, 3)));
        var held = _h.Hold(1, 1, 0);
        _h.RunSingle<SessionClosed>(new CloseSession(1));

        _h.RunSingle<OrderConfirmed>(new PaymentSucceeded(held.OrderId, 1));
    }

    [Fact]
    public void Decisions_are_numbered_without_gaps_and_name_their_input()
    {
        _h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(1, 3)));
        _h.Run(Tick.Instance);
        _h.Hold(1, 1, 0);

        Assert.Equal([1L, 2L], _h.Journal.Select(d => d.Sequence));
        Assert.Equal([1L, 3L], _h.Journal.Select(d => d.InputSequence));
        Assert.Equal(3, _h.Engine.State.LastInputSequence);
    }

    [Fact]
    public void An_unreadable_input_is_rejected_and_changes_nothing()
    {
        var rejected = _h.RunSingle<Rejected>(new Unreadable("not MessagePack"));

        Assert.Equal(CommandKind.Unreadable, rejected.Command);
        Assert.Equal(RejectReason.InvalidRequest, rejected.Reason);
        Assert.Empty(_h.Engine.State.Orders);
    }
}
