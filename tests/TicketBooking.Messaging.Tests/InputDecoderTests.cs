using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;

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
    public void A_batch_keeps_the_commands_of_its_partition_and_marks_the_others_unreadable()
    {
        var partition = SessionPartitioner.PartitionOf(42);
        var stranger = SessionWithPartitionOtherThan(partition);
        var mine = new Purchase(Guid.NewGuid(), 42, 7, SeatRequest.Explicit(1));
        var misrouted = new Purchase(Guid.NewGuid(), stranger, 7, SeatRequest.Explicit(1));

        var input = Decode(Subjects.Batch(partition), new InputBatch([mine, misrouted, Tick.Instance]));

        var batch = Assert.IsType<InputBatch>(input.Command);
        Assert.Equal(mine.OrderId, Assert.IsType<Purchase>(batch.Commands[0]).OrderId);
        Assert.Contains($"not in partition {partition}", Assert.IsType<Unreadable>(batch.Commands[1]).Reason, StringComparison.Ordinal);
        Assert.IsType<Unreadable>(batch.Commands[2]);
        Assert.Equal(3, TicketEngine.OwnOutcomesOf(batch));
    }

    [Theory]
    [InlineData("tb.in.3.42.batch")]
    [InlineData("tb.in.x._.batch")]
    public void A_batch_anywhere_but_a_partitions_batch_subject_is_unreadable(string subject)
    {
        var input = Decode(subject, new InputBatch([new Purchase(Guid.NewGuid(), 42, 7, SeatRequest.Explicit(1))]));

        Assert.IsType<Unreadable>(input.Command);
    }

    [Fact]
    public void A_purchase_on_the_batch_subject_is_unreadable()
    {
        var input = Decode(Subjects.Batch(SessionPartitioner.PartitionOf(42)), new Purchase(Guid.NewGuid(), 42, 7, SeatRequest.Explicit(1)));

        Assert.IsType<Unreadable>(input.Command);
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
