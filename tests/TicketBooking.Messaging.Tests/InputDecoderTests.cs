using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;

namespace TicketBooking.Messaging.Tests;

public class InputDecoderTests
{
    private static readonly DateTimeOffset Time = DateTimeOffset.FromUnixTimeMilliseconds(1_000);

    [Fact]
    public void A_purchase_on_its_sessions_subject_is_read_as_it_was_sent()
    {
        var purchase = new Purchase(Guid.NewGuid(), 42, 7, SeatRequest.Explicit(1, 2));

        var input = Decode(Subjects.PartitionedInput(42, InputKinds.Purchase), purchase);

        Assert.Equal(purchase.OrderId, Assert.IsType<Purchase>(input.Command).OrderId);
        Assert.Equal((9L, 1_000L), (input.Sequence, input.TimestampMs));
    }

    [Fact]
    public void A_hold_extension_is_read_on_its_own_subject_only_and_never_inside_a_batch()
    {
        var extend = new ExtendHold(Guid.NewGuid(), 42, 7);

        Assert.Equal(extend.OrderId, Assert.IsType<ExtendHold>(Decode(Subjects.PartitionedInput(42, InputKinds.Extend), extend).Command).OrderId);
        Assert.IsType<Unreadable>(Decode(Subjects.PartitionedInput(42, InputKinds.Cancel), extend).Command);
        var batched = Assert.IsType<InputBatch>(Decode(Subjects.OrdersBatch(SessionPartitioner.PartitionOf(42)), new InputBatch([extend])).Command);
        Assert.IsType<Unreadable>(Assert.Single(batched.Commands));
    }

    [Fact]
    public void A_batch_keeps_the_commands_of_its_partition_and_marks_the_others_unreadable()
    {
        var partition = SessionPartitioner.PartitionOf(42);
        var stranger = SessionWithPartitionOtherThan(partition);
        var mine = new Purchase(Guid.NewGuid(), 42, 7, SeatRequest.Explicit(1));
        var misrouted = new Purchase(Guid.NewGuid(), stranger, 7, SeatRequest.Explicit(1));

        var input = Decode(Subjects.OrdersBatch(partition), new InputBatch([mine, misrouted, Tick.Instance]));

        var batch = Assert.IsType<InputBatch>(input.Command);
        Assert.Equal(mine.OrderId, Assert.IsType<Purchase>(batch.Commands[0]).OrderId);
        Assert.Contains($"not in partition {partition}", Assert.IsType<Unreadable>(batch.Commands[1]).Reason, StringComparison.Ordinal);
        Assert.IsType<Unreadable>(batch.Commands[2]);
        Assert.Equal(3, TicketEngine.OwnOutcomesOf(batch));
    }

    [Theory]
    [InlineData("tb.in.3.42.orders")]
    [InlineData("tb.in.x._.orders")]
    [InlineData("tb.in.3._.purchase")]
    public void A_batch_anywhere_but_a_partitions_batch_subject_is_unreadable(string subject)
    {
        var input = Decode(subject, new InputBatch([new Purchase(Guid.NewGuid(), 42, 7, SeatRequest.Explicit(1))]));

        Assert.IsType<Unreadable>(input.Command);
    }

    [Fact]
    public void A_purchase_on_the_orders_batch_subject_is_unreadable()
    {
        var input = Decode(Subjects.OrdersBatch(SessionPartitioner.PartitionOf(42)), new Purchase(Guid.NewGuid(), 42, 7, SeatRequest.Explicit(1)));

        Assert.IsType<Unreadable>(input.Command);
    }

    [Fact]
    public void A_payment_result_smuggled_into_an_orders_batch_is_unreadable_and_the_orders_are_kept()
    {
        var order = Guid.NewGuid();
        var purchase = new Purchase(Guid.NewGuid(), 42, 7, SeatRequest.Explicit(1));
        var cancel = new Cancel(Guid.NewGuid(), 42, 7);

        var input = Decode(Subjects.OrdersBatch(SessionPartitioner.PartitionOf(42)), new InputBatch([purchase, new PaymentSucceeded(order, 42), cancel, new PaymentFailed(order, 42, "no")]));

        var batch = Assert.IsType<InputBatch>(input.Command);
        Assert.IsType<Purchase>(batch.Commands[0]);
        Assert.Contains("inside a batch of orders", Assert.IsType<Unreadable>(batch.Commands[1]).Reason, StringComparison.Ordinal);
        Assert.IsType<Cancel>(batch.Commands[2]);
        Assert.IsType<Unreadable>(batch.Commands[3]);
    }

    [Fact]
    public void A_purchase_or_cancellation_inside_a_payments_batch_is_unreadable_and_the_payments_are_kept()
    {
        var paid = new PaymentSucceeded(Guid.NewGuid(), 42);

        var input = Decode(Subjects.PaymentsBatch(SessionPartitioner.PartitionOf(42)), new InputBatch([new Purchase(Guid.NewGuid(), 42, 7, SeatRequest.Explicit(1)), paid, new Cancel(Guid.NewGuid(), 42, 7)]));

        var batch = Assert.IsType<InputBatch>(input.Command);
        Assert.Contains("inside a batch of payments", Assert.IsType<Unreadable>(batch.Commands[0]).Reason, StringComparison.Ordinal);
        Assert.Equal(paid, batch.Commands[1]);
        Assert.IsType<Unreadable>(batch.Commands[2]);
    }

    [Fact]
    public void A_batch_written_before_the_split_still_reads_every_command_of_a_session()
    {
        var partition = SessionPartitioner.PartitionOf(42);

        var input = Decode($"tb.in.{partition}._.{InputKinds.LegacyBatch}", new InputBatch([new Purchase(Guid.NewGuid(), 42, 7, SeatRequest.Explicit(1)), new PaymentSucceeded(Guid.NewGuid(), 42)]));

        var batch = Assert.IsType<InputBatch>(input.Command);
        Assert.IsType<Purchase>(batch.Commands[0]);
        Assert.IsType<PaymentSucceeded>(batch.Commands[1]);
    }

    [Fact]
    public void A_batch_larger_than_the_bound_is_unreadable()
    {
        var partition = SessionPartitioner.PartitionOf(42);
        var commands = Enumerable.Range(0, InputBatch.MaxCommands + 1).Select(_ => (Command)new Cancel(Guid.NewGuid(), 42, 7)).ToArray();

        var input = Decode(Subjects.OrdersBatch(partition), new InputBatch(commands));

        Assert.IsType<Unreadable>(input.Command);
    }

    [Fact]
    public void A_command_published_straight_into_another_partition_is_unreadable()
    {
        var other = (SessionPartitioner.PartitionOf(42) + 1) % SessionPartitioner.DefaultPartitionCount;

        var input = Decode(Subjects.PartitionedInput(other, "42", InputKinds.Purchase), new Purchase(Guid.NewGuid(), 42, 7, SeatRequest.Explicit(1)));

        Assert.Contains($"not in partition {other}", Assert.IsType<Unreadable>(input.Command).Reason, StringComparison.Ordinal);
    }

    public static TheoryData<Command> CommandsTheEngineCannotUse() =>
    [
        new Purchase(Guid.NewGuid(), 42, 7, null!),
        new Purchase(Guid.Empty, 42, 7, SeatRequest.Explicit(1)),
        new Purchase(Guid.NewGuid(), 42, 0, SeatRequest.Explicit(1)),
        new Purchase(Guid.NewGuid(), 42, -3, SeatRequest.Adjacent(1, 0)),
        new Cancel(Guid.Empty, 42, 7),
        new Cancel(Guid.NewGuid(), 42, -1),
        new ExtendHold(Guid.Empty, 42, 7),
        new ExtendHold(Guid.NewGuid(), 42, 0),
        new PaymentSucceeded(Guid.Empty, 42),
        new PaymentFailed(Guid.NewGuid(), 42, null!),
        new PaymentFailed(Guid.Empty, 42, "declined"),
    ];

    [Theory]
    [MemberData(nameof(CommandsTheEngineCannotUse))]
    public void A_command_with_fields_the_engine_cannot_use_is_unreadable_alone_and_in_a_batch(Command command)
    {
        var partition = SessionPartitioner.PartitionOf(42);
        var batchSubject = InputKinds.BatchOf(command) == InputKinds.Orders ? Subjects.OrdersBatch(partition) : Subjects.PaymentsBatch(partition);

        var alone = Decode(Subjects.PartitionedInput(42, InputKinds.Of(command)), command);
        var batched = Decode(batchSubject, new InputBatch([command]));

        Assert.False(string.IsNullOrEmpty(Assert.IsType<Unreadable>(alone.Command).Reason));
        Assert.IsType<Unreadable>(Assert.Single(Assert.IsType<InputBatch>(batched.Command).Commands));
    }

    [Fact]
    public void A_purchase_without_seats_is_rejected_and_the_partition_decides_the_next_input()
    {
        var engine = new TicketEngine();
        var decisions = new List<Decision>();
        var layout = new SessionLayout([new RowLayout("A", [0, 0, 0])]);
        engine.Execute(Decode(Subjects.PartitionedInput(42, InputKinds.Open), new OpenSession(42, layout, [1_000], 60_000, 4, long.MaxValue)), decisions);
        var next = new Purchase(Guid.NewGuid(), 42, 7, SeatRequest.Explicit(1));

        engine.Execute(Decode(Subjects.PartitionedInput(42, InputKinds.Purchase), new Purchase(Guid.NewGuid(), 42, 7, null!)), decisions);
        engine.Execute(Decode(Subjects.PartitionedInput(42, InputKinds.Purchase), next), decisions);

        Assert.Collection(
            decisions,
            d => Assert.IsType<SessionOpened>(d),
            d => Assert.Equal((CommandKind.Unreadable, RejectReason.InvalidRequest), (Assert.IsType<Rejected>(d).Command, ((Rejected)d).Reason)),
            d => Assert.Equal(next.OrderId, Assert.IsType<OrderHeld>(d).OrderId));
    }

    [Fact]
    public void Random_bytes_on_any_input_subject_decode_to_something_the_engine_decides()
    {
        var random = new Random(20_240_501);
        var engine = new TicketEngine();
        var decisions = new List<Decision>();
        string[] subjects = [Subjects.PartitionedInput(42, InputKinds.Purchase), Subjects.OrdersBatch(3), Subjects.PaymentsBatch(3), Subjects.Tick(3)];
        for (var i = 0; i < 2_000; i++)
        {
            var payload = new byte[random.Next(0, 64)];
            random.NextBytes(payload);
            if (payload.Length > 0)
            {
                payload[0] = (byte)(0x92 + random.Next(2)); // a MessagePack array, as a union is, so that some get past the header
            }

            engine.Execute(InputDecoder.Decode(subjects[i % subjects.Length], payload, (ulong)i + 1, Time), decisions);
        }

        Assert.NotEmpty(decisions);
    }

    private static EngineInput Decode(string subject, Command command) =>
        InputDecoder.Decode(subject, EngineCodec.Serialize(command), 9, Time);

    private static long SessionWithPartitionOtherThan(int partition)
    {
        var session = 1L;
        while (SessionPartitioner.PartitionOf(session) == partition)
        {
            session++;
        }

        return session;
    }
}
