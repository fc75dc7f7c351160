using Npgsql;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Storage;
using static TicketBooking.IntegrationTests.Storage.StorageTestSupport;

namespace TicketBooking.IntegrationTests.Storage;

[Collection(LocalServices.Name)]
public sealed class SnapshotWriterTests(ServicesFixture services, PartitionAllocator partitions) : IAsyncLifetime
{
    private readonly int _partition = partitions.Scratch();
    private readonly int _otherPartition = partitions.Scratch();

    public Task InitializeAsync() => MigrateEngineAsync(services.Pg);

    public async Task DisposeAsync()
    {
        await DeleteSnapshotsAsync(services.Pg, _partition);
        await DeleteSnapshotsAsync(services.Pg, _otherPartition);
    }

    [Fact]
    public async Task Writes_in_the_background_and_drains_on_dispose()
    {
        var store = new SnapshotStore(services.Pg);
        var first = SnapshotCodec.CaptureState(EngineStateAfter(4));
        var second = SnapshotCodec.CaptureState(EngineStateAfter(5));

        await using (var writer = new SnapshotWriter(store))
        {
            Assert.True(writer.TryEnqueue(_partition, first, journalStreamSequence: 10));
            await Eventually.UntilAsync(() => writer.SnapshotsWritten == 1, "the first snapshot to be written");
            Assert.True(writer.BytesWritten > 0);

            Assert.True(writer.TryEnqueue(_partition, second, journalStreamSequence: 11));
            Assert.True(writer.TryEnqueue(_otherPartition, first, journalStreamSequence: 3));
        }

        var newest = await store.LoadNewestValidAsync(_partition, CancellationToken.None);
        Assert.NotNull(newest);
        Assert.Equal(second.LastDecisionSequence, newest.Snapshot.LastDecisionSequence);
        Assert.Equal(11, newest.Snapshot.JournalStreamSequence);
        Assert.Equal(SnapshotCodec.Serialize(second.ToSnapshot()), SnapshotCodec.Serialize(SnapshotCodec.Capture(newest.State)));
        Assert.NotNull(await store.LoadNewestValidAsync(_otherPartition, CancellationToken.None));
    }

    [Fact]
    public async Task A_request_for_a_partition_still_being_written_is_dropped()
    {
        var capture = SnapshotCodec.CaptureState(EngineStateAfter(2));

        // Holding an uncommitted row with the same key makes the writer's insert wait for us.
        await using var blocker = await services.Pg.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO engine.snapshots (partition, last_decision_sequence, last_input_sequence, journal_stream_sequence, format_version, payload, payload_sha256, size_bytes)
            VALUES ($1, $2, 0, 0, 0, ''::bytea, ''::bytea, 0)
            """,
            blocker,
            transaction))
        {
            insert.Parameters.AddWithValue(_partition);
            insert.Parameters.AddWithValue(capture.LastDecisionSequence);
            await insert.ExecuteNonQueryAsync();
        }

        await using var writer = new SnapshotWriter(new SnapshotStore(services.Pg));
        Assert.True(writer.TryEnqueue(_partition, capture, journalStreamSequence: 1));
        Assert.False(writer.TryEnqueue(_partition, capture with { LastDecisionSequence = capture.LastDecisionSequence + 1 }, journalStreamSequence: 2));

        await transaction.RollbackAsync();
        await Eventually.UntilAsync(() => writer.SnapshotsWritten == 1, "the blocked snapshot to be written");
        Assert.True(writer.TryEnqueue(_partition, capture, journalStreamSequence: 3));
    }

    [Fact]
    public async Task A_failed_write_is_counted_and_later_ones_still_run()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(services.PgConnectionString) { Database = "no_such_database_" + _partition };
        await using var broken = NpgsqlDataSource.Create(unreachable);
        await using var writer = new SnapshotWriter(new SnapshotStore(broken));
        var capture = SnapshotCodec.CaptureState(EngineStateAfter(1));

        Assert.True(writer.TryEnqueue(_partition, capture, journalStreamSequence: 1));
        await Eventually.UntilAsync(() => writer.SnapshotsFailed == 1, "the first write to fail");
        Assert.True(writer.TryEnqueue(_partition, capture, journalStreamSequence: 2));
        await Eventually.UntilAsync(() => writer.SnapshotsFailed == 2, "the second write to fail too");
        Assert.Equal(0, writer.SnapshotsWritten);
    }
}
