using BenchmarkDotNet.Attributes;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;
using TicketBooking.Engine.Journal;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Recovery;
using TicketBooking.Storage;
using TicketBooking.Messaging;

namespace TicketBooking.Benchmarks;

/// <summary>
/// Recovering a partition whose journal holds a million decisions: from the journal alone, and from a
/// snapshot taken 10,000 decisions before the end. Needs nats-server and PostgreSQL: run through
/// <c>./tb bench</c>. Deletes and recreates TB_INPUT and TB_DECISIONS.
/// </summary>
public class RecoveryBenchmarks
{
    private const int Partition = 0;
    private const int JournaledDecisions = 1_000_000;
    private const int DecisionsAfterSnapshot = 10_000;

    private NatsConnection _nats = null!;
    private NpgsqlDataSource _postgres = null!;
    private PartitionRecovery _recovery = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _nats = new NatsConnection(BenchNats.Options("tb-bench-recovery"));
        _postgres = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("TB_PG")
            ?? throw new InvalidOperationException("TB_PG is not set: run the benchmarks with ./tb bench."));
        var js = new NatsJSContext(_nats);
        await JetStreamSetup.RecreateStreamsAsync(js, new StreamSettings(), CancellationToken.None);
        await SchemaMigrator.ForEngine(_postgres).MigrateAsync(CancellationToken.None);
        await using (var delete = _postgres.CreateCommand($"DELETE FROM engine.snapshots WHERE partition = {Partition}"))
        {
            await delete.ExecuteNonQueryAsync();
        }

        var store = new SnapshotStore(_postgres);
        await JournalMillionDecisionsAsync(js, store);
        _recovery = new PartitionRecovery(store, new JournalReader(js));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _nats.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public async Task<long> FromJournalOnly() =>
        (await _recovery.RecoverAsync(Partition, useSnapshot: false, CancellationToken.None)).State.LastDecisionSequence;

    [Benchmark]
    public async Task<long> FromSnapshotThenJournal() =>
        (await _recovery.RecoverAsync(Partition, useSnapshot: true, CancellationToken.None)).State.LastDecisionSequence;

    /// <summary>Ten 100,000-seat sessions: holds, then payments for half of them; batches of 1,000 decisions.</summary>
    private static async Task JournalMillionDecisionsAsync(NatsJSContext js, SnapshotStore store)
    {
        var engine = new TicketEngine();
        var journal = new JetStreamDecisionJournal(js, Partition, 0);
        var layout = new SessionLayout([.. Enumerable.Range(0, 1_000).Select(row => new RowLayout($"R{row}", new byte[100]))]);
        var pending = new List<Decision>(1_000);
        var input = 0L;
        var snapshotTaken = false;
        foreach (var command in Commands(layout))
        {
            engine.Execute(new EngineInput(++input, 1_000, command), pending);
            if (pending.Count >= 1_000 || engine.State.LastDecisionSequence >= JournaledDecisions)
            {
                await journal.AppendAsync(new JournalBatch(Partition, input, [.. pending]), CancellationToken.None);
                pending.Clear();
                if (!snapshotTaken && engine.State.LastDecisionSequence >= JournaledDecisions - DecisionsAfterSnapshot)
                {
                    var capture = SnapshotCodec.Capture(engine.State);
                    var payload = SnapshotCodec.Serialize(capture);
                    await store.SaveAsync(new StoredSnapshot(Partition, capture.LastDecisionSequence, capture.LastInputSequence, (long)journal.LastStreamSequence, capture.FormatVersion, payload, DateTimeOffset.UtcNow), 3, CancellationToken.None);
                    snapshotTaken = true;
                }
            }

            if (engine.State.LastDecisionSequence >= JournaledDecisions)
            {
                return;
            }
        }
    }

    private static IEnumerable<Command> Commands(SessionLayout layout)
    {
        for (var session = 0L; ; session++)
        {
            yield return new OpenSession(session, layout, [1_000], long.MaxValue / 4, 4, long.MaxValue);
            var orders = new Guid[layout.SeatCount];
            for (var seat = 0; seat < orders.Length; seat++)
            {
                orders[seat] = Guid.NewGuid();
                yield return new Purchase(orders[seat], session, seat, SeatRequest.Explicit(seat));
            }

            for (var seat = 0; seat < orders.Length; seat += 2)
            {
                yield return new PaymentSucceeded(orders[seat], session);
            }
        }
    }
}
