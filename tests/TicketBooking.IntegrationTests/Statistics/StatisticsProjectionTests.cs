using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Projections;
using TicketBooking.Messaging;

namespace TicketBooking.IntegrationTests.Statistics;

/// <summary>
/// The statistics written by the projections worker (a real process) from a real TB_DECISIONS that a real engine host
/// journals, against a fold of the same journal written here; and rebuilt from zero, after the schema is dropped and
/// after the stream is recreated, to the same figures.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class StatisticsProjectionTests(ServicesFixture services, PartitionAllocator partitions)
{
    private static readonly Dictionary<string, string> SmallTransactions = new() { ["Projections__BatchesPerTransaction"] = "3" };

    [Fact]
    public async Task The_statistics_equal_a_fold_of_the_journal_written_here_and_come_out_the_same_when_rebuilt_from_zero()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        var js = new NatsJSContext(services.Nats);
        var host = EngineHostProcess.Start(services, scenario.Partition);
        var projector = (ProjectorProcess?)null;
        try
        {
            await host.WaitForStatusAsync(scenario.Partition, "Running");
            projector = await ProjectorProcess.StartAsync(services, SmallTransactions);
            long[] sessions = [.. scenario.Sessions().Take(2)];
            await scenario.OpenAsync(sessions[0], PartitionScenario.Hall(3, 8));
            // Holds of the second session expire within a second, so that its payments come late and are refunded.
            await scenario.OpenAsync(sessions[1], PartitionScenario.Hall(2, 5), holdTimeoutMs: 1_000);
            var random = new Random(14);
            var last = 0L;
            for (var i = 0; i < 120; i++)
            {
                last = await scenario.PublishAsync(PartitionScenario.RandomPurchase(sessions[i % 2], 16, random));
            }

            await scenario.WaitForJournalAsync(last);
            var held = (await DecisionsAsync(scenario)).OfType<OrderHeld>().ToList();
            var lateOnes = held.Where(order => order.SessionId == sessions[1]).Select(order => order.OrderId).ToHashSet();
            Assert.NotEmpty(lateOnes);
            await Eventually.UntilAsync(
                async () => (await DecisionsAsync(scenario)).OfType<OrderExpired>().Count(expired => lateOnes.Contains(expired.OrderId)) == lateOnes.Count,
                "every hold of the second session to expire");

            foreach (var (order, i) in held.Select((order, i) => (order, i)))
            {
                last = await scenario.PublishAsync(i % 4 == 3 ? new PaymentFailed(order.OrderId, order.SessionId, "declined") : new PaymentSucceeded(order.OrderId, order.SessionId));
            }

            await scenario.WaitForJournalAsync(last);
            var buyers = held.ToDictionary(order => order.OrderId, order => order.BuyerId);
            foreach (var confirmed in (await DecisionsAsync(scenario)).OfType<OrderConfirmed>().Where((_, i) => i % 3 == 0))
            {
                last = await scenario.PublishAsync(new Cancel(confirmed.OrderId, confirmed.SessionId, buyers[confirmed.OrderId]));
            }

            await scenario.WaitForJournalAsync(last);

            // Another partition's journal, which the consumer follows on the same subject filter.
            var other = (scenario.Partition + 8) % SessionPartitioner.DefaultPartitionCount;
            var otherSession = PartitionAllocator.SessionsOf(other).First();
            var readable = await js.PublishAsync(
                Subjects.Decisions(other),
                EngineCodec.Serialize(new JournalBatch(other, 2, [new SessionOpened(1, 2, otherSession, PartitionScenario.Hall(1, 4), [7_000], 60_000, 4, 0)])));
            readable.EnsureSuccess();

            var partitionEnd = await scenario.Journal.LastStreamSequenceAsync(scenario.Partition, CancellationToken.None);
            await StatisticsTables.WaitForCheckpointAsync(services.Pg, scenario.Partition, partitionEnd, projector.ReadLog);
            await StatisticsTables.WaitForCheckpointAsync(services.Pg, other, readable.Seq, projector.ReadLog);

            var journal = await TimedJournal.ReadAsync(js);
            var (expected, expectedMinutes) = IndependentStatistics.Fold(journal.Decisions);
            Assert.Equal(new[] { sessions[0], sessions[1], otherSession }.Order(), expected.Keys.Order());
            Assert.True(expected[sessions[0]] is { TicketsSold: > 0, TicketsReturned: > 0, Refunds: > 0, Gross: > 0 }, $"the drop reached no sale and return: {expected[sessions[0]]}");
            Assert.True(expected[sessions[1]] is { TicketsSold: 0, LatePaymentRefunds: > 0 }, $"the late payments were not refunded: {expected[sessions[1]]}");
            Assert.Equal(4, expected[otherSession].Capacity);
            var projected = await ReadAsync(expected.Keys);
            Assert.Equal(Sorted(expected), Sorted(projected.Sessions));
            Assert.Equal(expectedMinutes.OrderBy(pair => pair.Key), projected.Minutes.OrderBy(pair => pair.Key));

            // Rebuilt from zero: the operator drops the schema and starts the worker again.
            await projector.DisposeAsync();
            await StatisticsTables.DropSchemaAsync(services.Pg);
            projector = await ProjectorProcess.StartAsync(services, SmallTransactions);
            await StatisticsTables.WaitForCheckpointAsync(services.Pg, scenario.Partition, partitionEnd, projector.ReadLog);
            await StatisticsTables.WaitForCheckpointAsync(services.Pg, other, readable.Seq, projector.ReadLog);
            var rebuilt = await ReadAsync(expected.Keys);
            Assert.Equal(Sorted(projected.Sessions), Sorted(rebuilt.Sessions));
            Assert.Equal(projected.Minutes.OrderBy(pair => pair.Key), rebuilt.Minutes.OrderBy(pair => pair.Key));

            // TB_DECISIONS recreated with the same journal: its sequences start again, and so do the statistics.
            await projector.DisposeAsync();
            projector = null;
            await host.DisposeAsync();
            await JetStreamSetup.RecreateStreamsAsync(js, new StreamSettings(), CancellationToken.None);
            await journal.PublishAgainAsync(js);
            var epoch = (await js.GetStreamAsync(Subjects.DecisionsStream)).Info.Created.UtcTicks;
            projector = await ProjectorProcess.StartAsync(services, SmallTransactions);
            await Eventually.UntilAsync(
                async () =>
                {
                    await using var command = services.Pg.CreateCommand("SELECT count(*) FROM statistics.checkpoints WHERE journal_epoch = $1 AND stream_sequence >= $2");
                    command.Parameters.AddWithValue(epoch);
                    command.Parameters.AddWithValue((long)partitionEnd);
                    return await command.ExecuteScalarAsync() is long count && count >= 1;
                },
                "the statistics to be folded again from the recreated stream",
                TimeSpan.FromSeconds(60),
                projector.ReadLog);
            await StatisticsTables.WaitForCheckpointAsync(services.Pg, other, readable.Seq, projector.ReadLog);
            var again = await ReadAsync(expected.Keys);
            var republished = await TimedJournal.ReadAsync(js);
            Assert.Equal(Sorted(projected.Sessions), Sorted(again.Sessions));
            Assert.Equal(IndependentStatistics.Fold(republished.Decisions).Minutes.OrderBy(pair => pair.Key), again.Minutes.OrderBy(pair => pair.Key));
            Assert.Equal(projected.Minutes.Values.Sum(minute => minute.Tickets), again.Minutes.Values.Sum(minute => minute.Tickets));
        }
        finally
        {
            if (projector is not null)
            {
                await projector.DisposeAsync();
            }

            await host.DisposeAsync();
        }
    }

    private static async Task<List<Decision>> DecisionsAsync(PartitionScenario scenario) =>
        [.. (await scenario.ReadJournalAsync()).SelectMany(batch => batch.Batch.Decisions)];

    private async Task<(Dictionary<long, SessionRow> Sessions, Dictionary<(long Session, DateTime Minute), (long Tickets, long Amount)> Minutes)> ReadAsync(IEnumerable<long> sessions)
    {
        long[] ids = [.. sessions];
        return (await StatisticsTables.SessionsAsync(services.Pg, ids), await StatisticsTables.MinutesAsync(services.Pg, ids));
    }

    private static List<KeyValuePair<long, SessionRow>> Sorted(Dictionary<long, SessionRow> rows) => [.. rows.OrderBy(pair => pair.Key)];
}
