using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Promotions;

namespace TicketBooking.Messaging.Tests;

/// <summary>A promo code definition travels alone on its partition's <c>tb.in.{p}._.promo</c> and names only that partition's sessions.</summary>
public sealed class PromoCodeInputTests
{
    private static readonly DateTimeOffset Time = DateTimeOffset.FromUnixTimeMilliseconds(1_000);

    private static DefinePromoCode Definition(params long[] sessions) =>
        new(new PromoCodeTerms(3, "SPRING", PromoKind.Percent, 10, 0, 10_000, 0, 0, sessions, []));

    [Fact]
    public void A_definition_on_its_partitions_promo_subject_is_read_as_it_was_sent()
    {
        var partition = SessionPartitioner.PartitionOf(42);

        var input = Decode(Subjects.PromoCodes(partition), Definition(42));

        Assert.Equal("SPRING", Assert.IsType<DefinePromoCode>(input.Command).Terms.Code);
        Assert.Equal($"tb.in.{partition}._.promo", Subjects.PromoCodes(partition));
        Assert.Equal(InputKinds.PromoCode, InputKinds.Of(Definition(42)));
        Assert.Null(InputKinds.BatchOf(Definition(42)));
    }

    [Fact]
    public void A_definition_naming_a_session_of_another_partition_is_unreadable()
    {
        var partition = SessionPartitioner.PartitionOf(42);
        var stranger = 1L;
        while (SessionPartitioner.PartitionOf(stranger) == partition)
        {
            stranger++;
        }

        var input = Decode(Subjects.PromoCodes(partition), Definition(42, stranger));

        Assert.Contains($"session {stranger}", Assert.IsType<Unreadable>(input.Command).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("tick")]
    public void A_definition_on_another_subject_is_unreadable(string kind)
    {
        var input = Decode($"tb.in.{SessionPartitioner.PartitionOf(42)}._.{kind}", Definition(42));

        Assert.IsType<Unreadable>(input.Command);
    }

    [Fact]
    public void A_definition_inside_a_batch_is_unreadable_and_the_rest_is_kept()
    {
        var partition = SessionPartitioner.PartitionOf(42);

        var input = Decode(Subjects.OrdersBatch(partition), new InputBatch([Definition(42), new Cancel(Guid.NewGuid(), 42, 7)]));

        var batch = Assert.IsType<InputBatch>(input.Command);
        Assert.IsType<Unreadable>(batch.Commands[0]);
        Assert.IsType<Cancel>(batch.Commands[1]);
    }

    [Fact]
    public void A_definition_without_terms_is_unreadable_and_the_engine_rejects_it()
    {
        var engine = new TicketEngine();
        var decisions = new List<Decision>();

        engine.Execute(Decode(Subjects.PromoCodes(SessionPartitioner.PartitionOf(42)), new DefinePromoCode(null!)), decisions);

        Assert.Equal(CommandKind.Unreadable, Assert.IsType<Rejected>(Assert.Single(decisions)).Command);
    }

    private static EngineInput Decode(string subject, Command command) =>
        InputDecoder.Decode(subject, EngineCodec.Serialize(command), 9, Time);
}
