using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Inventory;

namespace TicketBooking.Messaging.Tests;

/// <summary>The kind token of an input subject, <c>tb.in.{session}.{kind}</c>, and the batch a command may travel in.</summary>
public sealed class InputKindsTests
{
    private const long Session = 42;

    public static TheoryData<Command, string, string?> Commands => new()
    {
        { new OpenSession(Session, new SessionLayout([new RowLayout("A", new byte[2])]), [100], 60_000, 4, 1), InputKinds.Open, null },
        { new CloseSession(Session), InputKinds.Close, null },
        { new Purchase(Guid.NewGuid(), Session, 7, SeatRequest.Explicit(1)), InputKinds.Purchase, InputKinds.Orders },
        { new Cancel(Guid.NewGuid(), Session, 7), InputKinds.Cancel, InputKinds.Orders },
        { new ExtendHold(Guid.NewGuid(), Session, 7), InputKinds.Extend, null },
        { new PaymentSucceeded(Guid.NewGuid(), Session), InputKinds.Payment, InputKinds.Payments },
        { new PaymentFailed(Guid.NewGuid(), Session, "declined"), InputKinds.Payment, InputKinds.Payments },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_session_command_has_its_kind_its_batch_and_its_session(Command command, string kind, string? batch)
    {
        Assert.Equal(kind, InputKinds.Of(command));
        Assert.Equal(batch, InputKinds.BatchOf(command));
        Assert.Equal(Session, Concerning.SessionOf(command));
    }

    [Fact]
    public void A_tick_belongs_to_a_partition_and_travels_in_no_batch()
    {
        Assert.Equal(InputKinds.Tick, InputKinds.Of(Tick.Instance));
        Assert.Null(InputKinds.BatchOf(Tick.Instance));
        Assert.Null(Concerning.SessionOf(Tick.Instance));
    }

    [Fact]
    public void A_batch_is_never_sent_as_a_lone_command()
    {
        var batch = new InputBatch([new PaymentSucceeded(Guid.NewGuid(), Session)]);

        Assert.Throws<ArgumentException>(() => InputKinds.Of(batch));
        Assert.Null(InputKinds.BatchOf(batch));
        Assert.Null(Concerning.SessionOf(batch));
    }
}
