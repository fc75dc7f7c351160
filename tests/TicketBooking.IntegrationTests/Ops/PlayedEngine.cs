using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;
using TicketBooking.Engine.Journal;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Storage;
using TicketBooking.IntegrationTests.Storage;
using TicketBooking.Messaging;

namespace TicketBooking.IntegrationTests.Ops;

/// <summary>
/// Plays the engine host's part for one partition: publishes commands into TB_INPUT, reads them back with
/// their stream sequences and times, runs them through a <see cref="TicketEngine"/> and journals the
/// decisions to <c>tb.out.{partition}</c>, as the host would.
/// </summary>
internal sealed class PlayedEngine(ServicesFixture services, int partition)
{
    public int Partition { get; } = partition;

    /// <summary>Session ids of the partition.</summary>
    public IReadOnlyList<long> Sessions { get; } = [.. PartitionAllocator.SessionsOf(partition).Take(3)];

    private readonly NatsJSContext _js = new(services.Nats);
    private readonly List<Decision> _journal = [];
    private long _handled;

    public TicketEngine Engine { get; } = new();

    public IReadOnlyList<Decision> Journal => _journal;

    public ulong LastJournalStreamSequence { get; private set; }

    /// <summary>Creates the streams if needed and empties the partition of them and of snapshots.</summary>
    public async Task ResetAsync()
    {
        Assert.All(Sessions, s => Assert.Equal(Partition, SessionPartitioner.PartitionOf(s)));
        await JetStreamSetup.EnsureStreamsAsync(_js, new StreamSettings(), CancellationToken.None);
        var inputs = await _js.GetStreamAsync(Subjects.InputStream);
        await inputs.PurgeAsync(new StreamPurgeRequest { Filter = Subjects.PartitionFilter(Partition) });
        var decisions = await _js.GetStreamAsync(Subjects.DecisionsStream);
        await decisions.PurgeAsync(new StreamPurgeRequest { Filter = Subjects.Decisions(Partition) });
        await StorageTestSupport.MigrateEngineAsync(services.Pg);
        await StorageTestSupport.DeleteSnapshotsAsync(services.Pg, Partition);
    }

    public async Task PublishAsync(params Command[] commands)
    {
        var publisher = new InputPublisher(_js);
        foreach (var command in commands)
        {
            await publisher.PublishAsync(command, messageId: null, CancellationToken.None);
        }
    }

    /// <summary>Decides every input published since the last call and journals the decisions as one batch.</summary>
    public async Task<JournalBatch> DecideAsync()
    {
        var decisions = new List<Decision>();
        await foreach (var input in new InputHistoryReader(_js).ReadAsync(Partition, _handled + 1, CancellationToken.None))
        {
            Engine.Execute(input, decisions);
            _handled = input.Sequence;
        }

        var batch = new JournalBatch(Partition, _handled, decisions);
        await AppendAsync(batch);
        _journal.AddRange(decisions);
        return batch;
    }

    /// <summary>Writes a batch as it is, forged or not.</summary>
    public async Task AppendAsync(JournalBatch batch)
    {
        var ack = await _js.PublishAsync(Subjects.Decisions(Partition), EngineCodec.Serialize(batch));
        ack.EnsureSuccess();
        LastJournalStreamSequence = ack.Seq;
    }

    /// <summary>Empties the partition's <c>tb.out.{partition}</c> so that a different journal can be written for the same inputs.</summary>
    public async Task PurgeJournalAsync()
    {
        var decisions = await _js.GetStreamAsync(Subjects.DecisionsStream);
        await decisions.PurgeAsync(new StreamPurgeRequest { Filter = Subjects.Decisions(Partition) });
    }

    /// <summary>Stores the engine's current state as the partition's snapshot, at the last batch journaled.</summary>
    public Task SnapshotAsync() =>
        new SnapshotStore(services.Pg).SaveAsync(
            new StoredSnapshot(
                Partition,
                Engine.State.LastDecisionSequence,
                Engine.State.LastInputSequence,
                (long)LastJournalStreamSequence,
                SnapshotCodec.CurrentFormatVersion,
                SnapshotCodec.Serialize(Engine.State),
                DateTimeOffset.UtcNow),
            keepLast: 3,
            CancellationToken.None);

    /// <summary>A session, two paid orders, a declined one and one left held: four commands of outcome each, in two batches.</summary>
    public async Task<Guid[]> PlayCleanDropAsync()
    {
        var session = Sessions[0];
        var layout = new SessionLayout([new("A", new byte[10]), new("B", [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])]);
        var orders = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        await PublishAsync(
            new OpenSession(session, layout, [5_000, 2_500], 600_000, 6, long.MaxValue / 2),
            new Purchase(orders[0], session, 1, SeatRequest.Explicit(0, 1)),
            new Purchase(orders[1], session, 2, SeatRequest.Adjacent(3, 1)),
            new Purchase(orders[2], session, 3, SeatRequest.Explicit(2)));
        await DecideAsync();
        await PublishAsync(
            new PaymentSucceeded(orders[0], session),
            new PaymentSucceeded(orders[1], session),
            new PaymentFailed(orders[2], session, "declined"),
            new Purchase(orders[3], session, 4, SeatRequest.Explicit(3)),
            new Purchase(Guid.NewGuid(), session, 5, SeatRequest.Explicit(0)));
        await new InputPublisher(_js).PublishTickAsync(Partition, CancellationToken.None);
        await DecideAsync();
        return orders;
    }
}
