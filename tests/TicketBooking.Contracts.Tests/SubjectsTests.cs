using TicketBooking.Contracts;

namespace TicketBooking.Contracts.Tests;

public sealed class SubjectsTests
{
    [Fact]
    public void Input_subject_is_session_then_kind()
    {
        Assert.Equal("tb.in.42.purchase", Subjects.Input(42, "purchase"));
        Assert.Equal("tb.in.abc.payment", Subjects.Input("abc", "payment"));
    }

    [Fact]
    public void Partitioned_input_puts_the_partition_first()
    {
        var p = SessionPartitioner.PartitionOf(42L);
        Assert.Equal($"tb.in.{p}.42.purchase", Subjects.PartitionedInput(42, "purchase"));
        Assert.Equal("tb.in.7.abc.payment", Subjects.PartitionedInput(7, "abc", "payment"));
    }

    [Fact]
    public void Partition_filter_tick_and_decisions()
    {
        Assert.Equal("tb.in.3.>", Subjects.PartitionFilter(3));
        Assert.Equal("tb.in.3._.tick", Subjects.Tick(3));
        Assert.Equal("tb.out.15", Subjects.Decisions(15));
        Assert.Equal("TB_INPUT", Subjects.InputStream);
        Assert.Equal("TB_DECISIONS", Subjects.DecisionsStream);
    }

    [Fact]
    public void Negative_session_ids_keep_their_sign()
    {
        Assert.Equal("tb.in.-5.purchase", Subjects.Input(-5, "purchase"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("*")]
    [InlineData(">")]
    [InlineData("a b")]
    public void Kinds_must_be_single_tokens(string kind)
    {
        Assert.Throws<ArgumentException>(() => Subjects.Input(1, kind));
    }

    [Fact]
    public void Null_kind_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Subjects.Input(1, null!));
    }
}
