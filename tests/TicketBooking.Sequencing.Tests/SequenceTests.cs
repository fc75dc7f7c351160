namespace TicketBooking.Sequencing.Tests;

public class SequenceTests
{
    [Fact]
    public void Starts_at_minus_one()
    {
        Assert.Equal(-1, new Sequence().Value);
        Assert.Equal(Sequence.InitialValue, new Sequence().Value);
        Assert.Equal(7, new Sequence(7).Value);
    }

    [Fact]
    public void SetValue_is_read_back()
    {
        var sequence = new Sequence();
        sequence.SetValue(42);
        Assert.Equal(42, sequence.Value);
    }

    [Fact]
    public void CompareAndSet_succeeds_only_from_the_expected_value()
    {
        var sequence = new Sequence(5);
        Assert.False(sequence.CompareAndSet(4, 9));
        Assert.Equal(5, sequence.Value);
        Assert.True(sequence.CompareAndSet(5, 9));
        Assert.Equal(9, sequence.Value);
    }

    [Fact]
    public void Increment_and_add_return_the_new_value()
    {
        var sequence = new Sequence();
        Assert.Equal(0, sequence.IncrementAndGet());
        Assert.Equal(10, sequence.AddAndGet(10));
        Assert.Equal(10, sequence.Value);
    }

    [Fact]
    public void Concurrent_increments_are_not_lost()
    {
        var sequence = new Sequence(0);
        Parallel.For(0, 4, _ =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                sequence.IncrementAndGet();
            }
        });
        Assert.Equal(40_000, sequence.Value);
    }

    [Fact]
    public void Is_padded_to_two_cache_lines()
    {
        _ = new Sequence();
        var keep = new Sequence[100];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < keep.Length; i++)
        {
            keep[i] = new Sequence();
        }

        long perInstance = (GC.GetAllocatedBytesForCurrentThread() - before) / keep.Length;
        Assert.True(perInstance >= 128, $"A Sequence takes {perInstance} bytes.");
    }
}
