using System.Runtime.CompilerServices;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;
using TicketBooking.Messaging;
using TicketBooking.Ops.Commands;

namespace TicketBooking.Ops.Tests;

public sealed class JournalCursorTests
{
    private static readonly Guid Order = Guid.NewGuid();

    [Fact]
    public async Task Peeking_takes_nothing_and_next_walks_the_decisions_across_batches()
    {
        await using var cursor = new JournalCursor(Batches((3, [1, 2]), (5, [3])), CancellationToken.None);

        Assert.Equal(1, (await cursor.PeekAsync())!.Sequence);
        Assert.Equal(1, (await cursor.NextAsync())!.Sequence);
        Assert.Equal(2, (await cursor.NextAsync())!.Sequence);
        Assert.Equal(3, (await cursor.NextAsync())!.Sequence);
        Assert.Null(await cursor.NextAsync());
        Assert.Null(await cursor.PeekAsync());
        Assert.Equal(5, cursor.Covered);
    }

    [Fact]
    public async Task Covers_reads_only_as_far_as_the_input_and_says_when_the_journal_ends_before_it()
    {
        await using var cursor = new JournalCursor(Batches((3, [1]), (7, [2]), (9, [3])), CancellationToken.None);

        Assert.True(await cursor.CoversAsync(4));
        Assert.Equal(7, cursor.Covered);
        Assert.True(await cursor.CoversAsync(2));
        Assert.Equal(7, cursor.Covered);
        Assert.False(await cursor.CoversAsync(10));
        Assert.Equal(9, cursor.Covered);
    }

    [Fact]
    public async Task A_batch_of_inputs_that_decided_nothing_still_moves_what_is_covered()
    {
        await using var cursor = new JournalCursor(Batches((4, [1]), (8, [])), CancellationToken.None);

        Assert.Equal(1, (await cursor.NextAsync())!.Sequence);
        Assert.Null(await cursor.NextAsync());
        Assert.Equal(8, cursor.Covered);
    }

    private static async IAsyncEnumerable<JournaledBatch> Batches(params (long LastInput, long[] Decisions)[] batches)
    {
        await Task.Yield();
        ulong stream = 0;
        foreach (var (lastInput, sequences) in batches)
        {
            var decisions = sequences.Select(sequence => (Decision)new OrderExpired(sequence, lastInput, Order, 1, [(int)sequence])).ToList();
            yield return new JournaledBatch(++stream, new JournalBatch(0, lastInput, decisions));
        }
    }
}
