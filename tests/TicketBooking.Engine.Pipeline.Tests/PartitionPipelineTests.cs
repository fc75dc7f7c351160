using TicketBooking.Engine.Journal;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;
using TicketBooking.Engine.State;
using TicketBooking.Sequencing;

namespace TicketBooking.Engine.Pipeline.Tests;

public class PartitionPipelineTests
{
    private static readonly SessionLayout Hall = new([.. Enumerable.Range(0, 20).Select(row => new RowLayout($"R{row}", new byte[50]))]);

    private static IEnumerable<Command> Drop(int purchases)
    {
        yield return new OpenSession(1, Hall, [1_000], 60_000, 4, long.MaxValue);
        for (var i = 0; i < purchases; i++)
        {
            var orderId = new Guid(i + 1, 0, 0, new byte[8]);
            yield return i % 3 == 0
                ? new Purchase(orderId, 1, i % 500, SeatRequest.Adjacent(1 + (i % 4), 0))
                : new Purchase(orderId, 1, i % 500, SeatRequest.Explicit(i * 7 % 1000));
            if (i % 5 == 0)
            {
                yield return new PaymentSucceeded(orderId, 1);
            }
        }
    }

    [Fact]
    public async Task Journals_exactly_what_the_engine_decides_in_order_and_in_batches()
    {
        var journal = new InMemoryDecisionJournal();
        var observer = new RecordingObserver();
        var pipeline = new PartitionPipeline(3, new EngineState(), journal, observer: observer);
        var inputs = Drop(20_000).ToList();

        for (var i = 0; i < inputs.Count; i++)
        {
            pipeline.Submit(i + 1, 1_000 + i, inputs[i]);
        }

        await pipeline.ShutdownAsync();

        var reference = new TicketEngine();
        var expected = new List<Decision>();
        for (var i = 0; i < inputs.Count; i++)
        {
            reference.Execute(new EngineInput(i + 1, 1_000 + i, inputs[i]), expected);
        }

        Assert.Equal(EngineCodec.Serialize(expected), EngineCodec.Serialize(journal.Decisions.ToList()));
        Assert.Equal(journal.Batches, observer.Durable);
        Assert.Equal(inputs.Count, observer.LastDecidedInput);
        Assert.All(journal.Batches, batch => Assert.Equal(3, batch.Partition));
        Assert.Equal(inputs.Count, journal.Batches[^1].LastInputSequence);
        Assert.True(journal.Batches.Count < expected.Count, "decisions should be journaled in batches");
    }

    [Fact]
    public async Task A_failing_journal_stops_the_partition_and_surfaces_the_error()
    {
        var pipeline = new PartitionPipeline(0, new EngineState(), new RefusingJournal(), new PartitionPipelineOptions { RingSize = 64 });

        var submitting = Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                pipeline.Submit(i + 1, i, new CloseSession(i));
            }
        });

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => pipeline.Completion.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("fenced", failure.ToString(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => submitting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("blocking")]
    [InlineData("yielding")]
    public async Task Every_wait_strategy_delivers_everything(string strategy)
    {
        var journal = new InMemoryDecisionJournal();
        var options = new PartitionPipelineOptions
        {
            RingSize = 256,
            MaxBatchDecisions = 16,
            WaitStrategy = strategy == "blocking" ? () => new BlockingWaitStrategy() : () => new YieldingWaitStrategy(),
        };
        await using (var pipeline = new PartitionPipeline(0, new EngineState(), journal, options))
        {
            for (var i = 0; i < 5_000; i++)
            {
                pipeline.Submit(i + 1, i, new CloseSession(i));
            }
        }

        Assert.Equal(Enumerable.Range(1, 5_000).Select(i => (long)i), journal.Decisions.Select(d => d.Sequence));
        Assert.All(journal.Batches, batch => Assert.InRange(batch.Decisions.Count, 1, 16));
    }

    private sealed class RecordingObserver : IPartitionObserver
    {
        public List<JournalBatch> Durable { get; } = [];

        public long LastDecidedInput { get; private set; }

        public void OnBatchDecided(EngineState state) => LastDecidedInput = state.LastInputSequence;

        public void OnDurable(JournalBatch batch) => Durable.Add(batch);
    }

    private sealed class RefusingJournal : IDecisionJournal
    {
        public ValueTask AppendAsync(JournalBatch batch, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("fenced: another owner wrote this partition");
    }
}
