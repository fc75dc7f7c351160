using System.Net;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Recovery;
using TicketBooking.Storage;
using Xunit.Abstractions;

namespace TicketBooking.IntegrationTests.Engine;

/// <summary>The durable engine against the real nats-server and PostgreSQL, with real processes killed for real.</summary>
[Collection(EngineStreams.Name)]
public sealed class EngineHostTests(ServicesFixture services, PartitionAllocator partitions, ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> FrequentSnapshots = new()
    {
        ["Engine__SnapshotEveryDecisions"] = "300",
        ["Engine__SnapshotEvery"] = "00:00:01",
    };

    [Fact]
    public async Task Intents_published_to_the_input_stream_come_out_as_journaled_decisions()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        var session = scenario.Sessions().First();
        await scenario.OpenAsync(session, PartitionScenario.Hall(2, 10));
        var first = new Purchase(Guid.NewGuid(), session, 1, SeatRequest.Explicit(3, 4));
        var second = new Purchase(Guid.NewGuid(), session, 2, SeatRequest.Explicit(4));
        await scenario.PublishAsync(first);
        var last = await scenario.PublishAsync(second);

        await scenario.WaitForJournalAsync(last, diagnostics: host.ReadLog);

        var decisions = (await scenario.ReadJournalAsync()).SelectMany(b => b.Batch.Decisions).ToList();
        Assert.IsType<SessionOpened>(decisions[0]);
        Assert.Equal(first.OrderId, Assert.IsType<OrderHeld>(decisions[1]).OrderId);
        Assert.Equal(RejectReason.SeatTaken, Assert.IsType<Rejected>(decisions[2]).Reason);
        Assert.Equal(HttpStatusCode.OK, await host.ReadinessAsync());
        await scenario.VerifyJournalAsync();

        var availability = await scenario.WaitForAvailabilityAsync(session, a => a.FreeByCategory.Sum() == 18);
        Assert.Equal(20, availability.SeatCount);
        Assert.Equal(0b11000UL, availability.TakenSeats[0]);
        Assert.True(availability.OnSale);
    }

    [Fact]
    public async Task Holds_expire_on_ticks_without_buyer_traffic()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        var session = scenario.Sessions().First();
        await scenario.OpenAsync(session, PartitionScenario.Hall(1, 10), holdTimeoutMs: 300);
        var purchase = new Purchase(Guid.NewGuid(), session, 1, SeatRequest.Explicit(0));
        await scenario.PublishAsync(purchase);

        await Eventually.UntilAsync(
            async () => (await scenario.ReadJournalAsync()).SelectMany(b => b.Batch.Decisions).OfType<OrderExpired>().Any(e => e.OrderId == purchase.OrderId),
            "the hold to expire",
            diagnostics: host.ReadLog);

        await scenario.VerifyJournalAsync();
    }

    [Fact]
    public async Task Killing_the_host_repeatedly_during_a_drop_loses_nothing_and_sells_nothing_twice()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        var host = EngineHostProcess.Start(services, scenario.Partition, FrequentSnapshots);
        try
        {
            await host.WaitForStatusAsync(scenario.Partition, "Running");
            var sessions = scenario.Sessions().Take(2).ToList();
            foreach (var session in sessions)
            {
                await scenario.OpenAsync(session, PartitionScenario.Hall(10, 30), holdTimeoutMs: 1_500);
            }

            var random = new Random(4);
            var chaos = new Random(ChaosSeed.Pick(output.WriteLine));
            var publishing = Task.Run(async () =>
            {
                var last = 0L;
                for (var i = 0; i < 3_000; i++)
                {
                    last = await scenario.PublishAsync(PartitionScenario.RandomPurchase(sessions[i % 2], 150, random));
                }

                return last;
            });

            for (var crash = 0; crash < 4 && !publishing.IsCompleted; crash++)
            {
                await Task.Delay(chaos.Next(200, 700));
                await host.KillAsync();
                await host.DisposeAsync();
                host = EngineHostProcess.Start(services, scenario.Partition, FrequentSnapshots);
                await host.WaitForStatusAsync(scenario.Partition, "Running");
            }

            await publishing;

            // The last host decides at least a snapshot's worth (300) more, then one last crash freezes the journal.
            var lastInput = 0L;
            for (var i = 0; i < 400; i++)
            {
                lastInput = await scenario.PublishAsync(PartitionScenario.RandomPurchase(sessions[i % 2], 150, random));
            }

            await scenario.WaitForJournalAsync(lastInput, diagnostics: host.ReadLog);
            var store = new SnapshotStore(services.Pg);
            await Eventually.UntilAsync(async () => (await store.ListAsync(scenario.Partition, CancellationToken.None)).Count > 0, "a snapshot of the last host");
            await host.KillAsync();
            var folded = await scenario.VerifyJournalAsync();
            Assert.True(folded.Orders.Count > 1_000);

            var fromSnapshot = await new PartitionRecovery(store, scenario.Journal).RecoverAsync(scenario.Partition, useSnapshot: true, CancellationToken.None);
            Assert.NotNull(fromSnapshot.Snapshot);
            AssertSameState(folded, fromSnapshot.State);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Snapshot_and_journal_recovery_equals_full_journal_recovery()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using (var host = EngineHostProcess.Start(services, scenario.Partition, FrequentSnapshots))
        {
            await host.WaitForStatusAsync(scenario.Partition, "Running");
            var session = scenario.Sessions().First();
            await scenario.OpenAsync(session, PartitionScenario.Hall(20, 20));
            var random = new Random(5);
            var last = 0L;
            for (var i = 0; i < 1_500; i++)
            {
                last = await scenario.PublishAsync(PartitionScenario.RandomPurchase(session, 400, random));
            }

            await scenario.WaitForJournalAsync(last, diagnostics: host.ReadLog);

            // Ticks (holds are pending) keep the business thread turning, so the last capture gets written.
            var decided = (await scenario.ReadJournalAsync())[^1].Batch.LastDecisionSequence;
            await Eventually.UntilAsync(
                async () => await new SnapshotStore(services.Pg).ListAsync(scenario.Partition, CancellationToken.None) is [var newest, ..] && newest.LastDecisionSequence == decided,
                $"a snapshot at the last decision, {decided}");
        }

        var store = new SnapshotStore(services.Pg);
        var recovery = new PartitionRecovery(store, scenario.Journal);
        var full = await recovery.RecoverAsync(scenario.Partition, useSnapshot: false, CancellationToken.None);
        var fromSnapshot = await recovery.RecoverAsync(scenario.Partition, useSnapshot: true, CancellationToken.None);

        Assert.NotNull(fromSnapshot.Snapshot);
        // How many batches a snapshot saves depends on how far the journal lagged the capture (its position is a lower bound).
        Assert.InRange(fromSnapshot.ReplayedBatches, 0, full.ReplayedBatches);
        Assert.Equal(full.JournalStreamSequence, fromSnapshot.JournalStreamSequence);
        AssertSameState(full.State, fromSnapshot.State);

        // Ticks that decided nothing move the live input position, which a snapshot keeps and the journal does not.
        Assert.InRange(fromSnapshot.State.LastInputSequence, full.State.LastInputSequence, long.MaxValue);
    }

    [Fact]
    public async Task Two_hosts_forced_onto_one_partition_journal_once_and_one_stops()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        var noLease = new Dictionary<string, string> { ["Engine__UseLease"] = "false" };
        await using var first = EngineHostProcess.Start(services, scenario.Partition, noLease);
        await using var second = EngineHostProcess.Start(services, scenario.Partition, noLease);
        await first.WaitForStatusAsync(scenario.Partition, "Running");
        await second.WaitForStatusAsync(scenario.Partition, "Running");
        var session = scenario.Sessions().First();
        await scenario.OpenAsync(session, PartitionScenario.Hall(5, 20));
        var random = new Random(6);
        var last = 0L;
        for (var i = 0; i < 300; i++)
        {
            last = await scenario.PublishAsync(PartitionScenario.RandomPurchase(session, 100, random));
        }

        await scenario.WaitForJournalAsync(last, diagnostics: () => first.ReadLog() + second.ReadLog());
        var statuses = await Eventually.UntilAsync<string?[]>(
            async () => [(await first.StatusesAsync())?[scenario.Partition], (await second.StatusesAsync())?[scenario.Partition]],
            seen => seen.Contains("Fenced"),
            "one of the two hosts to be fenced",
            diagnostics: () => $"First host:\n{first.ReadLog()}\nSecond host:\n{second.ReadLog()}");

        Assert.True(
            statuses.Order().SequenceEqual(["Fenced", "Running"]),
            $"Statuses {string.Join(", ", statuses)}.\nFirst host:\n{first.ReadLog()}\nSecond host:\n{second.ReadLog()}");
        await scenario.VerifyJournalAsync();
    }

    [Fact]
    public async Task A_standby_takes_over_when_the_owner_is_killed()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        var owner = EngineHostProcess.Start(services, scenario.Partition);
        await owner.WaitForStatusAsync(scenario.Partition, "Running");
        await using var standby = EngineHostProcess.Start(services, scenario.Partition);
        await standby.WaitForStatusAsync(scenario.Partition, "Standby");
        Assert.Equal(HttpStatusCode.OK, await standby.ReadinessAsync());
        var session = scenario.Sessions().First();
        await scenario.OpenAsync(session, PartitionScenario.Hall(5, 20));
        var random = new Random(7);
        var last = 0L;
        for (var i = 0; i < 100; i++)
        {
            last = await scenario.PublishAsync(PartitionScenario.RandomPurchase(session, 100, random));
        }

        await scenario.WaitForJournalAsync(last, diagnostics: owner.ReadLog);

        await owner.DisposeAsync();
        await standby.WaitForStatusAsync(scenario.Partition, "Running", TimeSpan.FromSeconds(30));
        for (var i = 0; i < 100; i++)
        {
            last = await scenario.PublishAsync(PartitionScenario.RandomPurchase(session, 100, random));
        }

        await scenario.WaitForJournalAsync(last, diagnostics: standby.ReadLog);
        await scenario.VerifyJournalAsync();
    }

    [Fact]
    public async Task An_owner_that_loses_its_lease_stops_writing_and_takes_the_partition_again()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        var session = scenario.Sessions().First();
        await scenario.OpenAsync(session, PartitionScenario.Hall(5, 20));
        var random = new Random(8);
        var last = 0L;
        for (var i = 0; i < 100; i++)
        {
            last = await scenario.PublishAsync(PartitionScenario.RandomPurchase(session, 100, random));
        }

        await using (var terminate = services.Pg.CreateCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1"))
        {
            terminate.Parameters.AddWithValue($"tb-partition-lease-{scenario.Partition}");
            Assert.Equal(1L, await terminate.ExecuteScalarAsync());
        }

        await Eventually.UntilAsync(() => host.ReadLog().Contains("lost its lease", StringComparison.Ordinal), "the host to log that it lost its lease");
        for (var i = 0; i < 100; i++)
        {
            last = await scenario.PublishAsync(PartitionScenario.RandomPurchase(session, 100, random));
        }

        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await scenario.WaitForJournalAsync(last, diagnostics: host.ReadLog);
        await scenario.VerifyJournalAsync();
    }

    [Fact]
    public async Task A_host_that_replayed_a_long_journal_snapshots_it_without_new_input()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        var store = new SnapshotStore(services.Pg);
        var last = 0L;
        await using (var first = EngineHostProcess.Start(services, scenario.Partition))
        {
            await first.WaitForStatusAsync(scenario.Partition, "Running");
            var session = scenario.Sessions().First();
            await scenario.OpenAsync(session, PartitionScenario.Hall(10, 50));
            var random = new Random(9);
            for (var i = 0; i < 400; i++)
            {
                last = await scenario.PublishAsync(PartitionScenario.RandomPurchase(session, 500, random));
            }

            await scenario.WaitForJournalAsync(last, diagnostics: first.ReadLog);
        }

        Assert.Empty(await store.ListAsync(scenario.Partition, CancellationToken.None));
        await using var second = EngineHostProcess.Start(services, scenario.Partition, new Dictionary<string, string> { ["Engine__SnapshotEveryDecisions"] = "300" });
        await second.WaitForStatusAsync(scenario.Partition, "Running");

        await Eventually.UntilAsync(
            async () => await store.ListAsync(scenario.Partition, CancellationToken.None) is [var newest, ..] && newest.LastInputSequence >= last,
            $"a snapshot of the replayed journal, at input {last} or later");
    }

    private static void AssertSameState(TicketBooking.Engine.State.EngineState expected, TicketBooking.Engine.State.EngineState actual) =>
        Assert.Equal(
            MessagePack.MessagePackSerializer.Serialize(SnapshotCodec.Capture(expected) with { LastInputSequence = 0 }),
            MessagePack.MessagePackSerializer.Serialize(SnapshotCodec.Capture(actual) with { LastInputSequence = 0 }));
}
