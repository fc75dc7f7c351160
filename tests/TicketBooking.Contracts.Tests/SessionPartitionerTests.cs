using System.Globalization;
using System.Text;
using TicketBooking.Contracts;

namespace TicketBooking.Contracts.Tests;

public sealed class SessionPartitionerTests
{
    [Theory]
    [InlineData("", 0x811C9DC5u)] // 2166136261, the offset basis
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("foobar", 0xBF9CF968u)]
    public void Fnv1a32_matches_the_published_test_vectors(string input, uint expected)
    {
        Assert.Equal(expected, SessionPartitioner.Fnv1a32(Encoding.UTF8.GetBytes(input)));
    }

    [Fact]
    public void Empty_input_hashes_to_the_offset_basis()
    {
        Assert.Equal(2166136261u, SessionPartitioner.Fnv1a32([]));
    }

    [Theory]
    [InlineData("", 16, 5)]   // 0x811C9DC5 % 16
    [InlineData("a", 16, 12)] // 0xE40C292C % 16
    [InlineData("foobar", 16, 8)]
    [InlineData("a", 7, (int)(0xE40C292Cu % 7))]
    public void Partition_is_the_hash_modulo_the_partition_count(string token, int partitions, int expected)
    {
        Assert.Equal(expected, SessionPartitioner.PartitionOf(token, partitions));
    }

    [Fact]
    public void Default_partition_count_is_sixteen_as_in_nats_conf()
    {
        Assert.Equal(16, SessionPartitioner.DefaultPartitionCount);
        Assert.Equal(SessionPartitioner.PartitionOf("a", 16), SessionPartitioner.PartitionOf("a"));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(123_456_789L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Long_overload_hashes_the_invariant_decimal_token(long sessionId)
    {
        var token = sessionId.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(SessionPartitioner.PartitionOf(token), SessionPartitioner.PartitionOf(sessionId));
        Assert.Equal(SessionPartitioner.PartitionOf(token, 5), SessionPartitioner.PartitionOf(sessionId, 5));
    }

    [Fact]
    public void String_and_byte_overloads_agree_for_multibyte_and_long_tokens()
    {
        var tokens = new[] { "zażółć", "座席", new string('x', 1000) + "ł" };
        foreach (var token in tokens)
        {
            Assert.Equal(
                SessionPartitioner.PartitionOf(Encoding.UTF8.GetBytes(token)),
                SessionPartitioner.PartitionOf(token));
        }
    }

    [Fact]
    public void Sequential_session_ids_spread_over_all_partitions()
    {
        var counts = new int[SessionPartitioner.DefaultPartitionCount];
        for (long id = 1; id <= 16_000; id++)
        {
            counts[SessionPartitioner.PartitionOf(id)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 700, 1300));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Partition_count_must_be_positive(int partitions)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SessionPartitioner.PartitionOf("a", partitions));
    }
}
