using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using static TicketBooking.Engine.Tests.EveryKind;

namespace TicketBooking.Engine.Tests;

public class ConcerningTests
{
    public static TheoryData<Command, Guid?, long?> Commands() => new()
    {
        { Open, null, Session },
        { new CloseSession(Session), null, Session },
        { OrderPurchase, Order, Session },
        { new PaymentSucceeded(Order, Session), Order, Session },
        { new PaymentFailed(Order, Session, "declined"), Order, Session },
        { new Cancel(Order, Session, Buyer), Order, Session },
        { Extend, Order, Session },
        { DefinePromo, null, null },
        { Tick.Instance, null, null },
        { new InputBatch([OrderPurchase]), null, null },
        { new Unreadable("not a command"), null, null },
    };

    public static TheoryData<Decision, Guid?, long?> Decisions() => new()
    {
        { Opened, null, Session },
        { Closed, null, Session },
        { Held, Order, Session },
        { Rejection(CommandKind.Purchase, RejectReason.SoldOut), Order, Session },
        { Rejection(CommandKind.Purchase, RejectReason.DuplicateOrder), Order, Session },
        { Rejection(CommandKind.PaymentSucceeded, RejectReason.UnknownOrder), Order, Session },
        { Rejection(CommandKind.PaymentFailed, RejectReason.NotHeld), Order, Session },
        { Rejection(CommandKind.Cancel, RejectReason.NotOrderOwner), Order, Session },
        { Rejection(CommandKind.OpenSession, RejectReason.SessionExists), null, Session },
        { Rejection(CommandKind.CloseSession, RejectReason.UnknownSession), null, Session },
        { Rejection(CommandKind.Unreadable, RejectReason.InvalidRequest), null, null },
        { Rejection(CommandKind.DefinePromoCode, RejectReason.PromoCodeExists), null, null },
        { Rejection(CommandKind.Purchase, RejectReason.PromoCodeUsedUp), Order, Session },
        { PromoDefined, null, null },
        { Confirmed, Order, Session },
        { Released, Order, Session },
        { Expired, Order, Session },
        { Cancelled, Order, Session },
        { Refund, Order, Session },
        { Extended, Order, Session },
        { Rejection(CommandKind.ExtendHold, RejectReason.HoldExtensionLimit), Order, Session },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_command_names_its_order_and_its_session(Command command, Guid? order, long? session)
    {
        Assert.Equal(order, Concerning.OrderOf(command));
        Assert.Equal(session, Concerning.SessionOf(command));
    }

    [Theory]
    [MemberData(nameof(Decisions))]
    public void A_decision_names_its_order_and_its_session(Decision decision, Guid? order, long? session)
    {
        Assert.Equal(order, Concerning.OrderOf(decision));
        Assert.Equal(session, Concerning.SessionOf(decision));
    }

    [Fact]
    public void Every_kind_of_command_and_decision_is_asked()
    {
        Assert.Equal(DefinedKindsOf<Command>(), KindsIn(Commands()));
        Assert.Equal(DefinedKindsOf<Decision>(), KindsIn(Decisions()));
        Assert.Equal(
            Enum.GetValues<CommandKind>(),
            Decisions().Select(row => row[0]).OfType<Rejected>().Select(rejected => rejected.Command).Distinct().Order());
    }

    [Fact]
    public void A_kind_without_an_answer_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Concerning.OrderOf(new Unheard()));
        Assert.Throws<ArgumentException>(() => Concerning.SessionOf(new Unheard()));
        Assert.Throws<ArgumentException>(() => Concerning.OrderOf(new UnheardDecision()));
        Assert.Throws<ArgumentException>(() => Concerning.SessionOf(new UnheardDecision()));
    }

    private sealed record Unheard : Command;

    private sealed record UnheardDecision() : Decision(1, 1);
}
