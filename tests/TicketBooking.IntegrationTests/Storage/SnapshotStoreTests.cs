using TicketBooking.Engine.Snapshots;
using TicketBooking.Engine.State;
using TicketBooking.Storage;
using static TicketBooking.IntegrationTests.Storage.StorageTestSupport;

namespace TicketBooking.IntegrationTests.Storage;

[Collection(LocalServices.Name)]
public sealed class SnapshotStoreTests(ServicesFixture services, PartitionAllocator partitions) : IAsyncLifetime
{
    private readonly int _partition = partitions.Scratch();

    private SnapshotStore Store => new(services.Pg);

    public Task InitializeAsync() => MigrateEngineAsync(services.Pg);

    public Task DisposeAsync() => DeleteSnapshotsAsync(services.Pg, _partition);

    [Fact]
    public async Task A_saved_snapshot_loads_back_as_the_same_state()
    {
        var state = EngineStateAfter(purchases: 7);
        var saved = Stored(state, journalStreamSequence: 42);

        Assert.True(await Store.SaveAsync(saved, keepLast: 3, CancellationToken.None));
        var loaded = await Store.LoadNewestValidAsync(_partition, CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Equal(saved.Payload, loaded.Snapshot.Payload);
        Assert.Equal(saved with { Payload = loaded.Snapshot.Payload, CreatedAt = loaded.Snapshot.CreatedAt }, loaded.Snapshot);
        Assert.Equal(saved.CreatedAt, loaded.Snapshot.CreatedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(SnapshotCodec.Serialize(state), SnapshotCodec.Serialize(loaded.State));
        Assert.Equal(7, loaded.State.Orders.Count);
        Assert.Equal(state.LastDecisionSequence, loaded.State.LastDecisionSequence);
    }

    [Fact]
    public async Task Saving_the_same_position_twice_keeps_the_first()
    {
        var saved = Stored(EngineStateAfter(2), journalStreamSequence: 5);

        Assert.True(await Store.SaveAsync(saved, keepLast: 3, CancellationToken.None));
        Assert.False(await Store.SaveAsync(saved with { JournalStreamSequence = 6 }, keepLast: 3, CancellationToken.None));

        var listed = Assert.Single(await Store.ListAsync(_partition, CancellationToken.None));
        Assert.Equal(5, listed.JournalStreamSequence);
    }

    [Fact]
    public async Task Saving_keeps_only_the_newest_snapshots()
    {
        for (var purchases = 1; purchases <= 5; purchases++)
        {
            await Store.SaveAsync(Stored(EngineStateAfter(purchases), journalStreamSequence: purchases), keepLast: 2, CancellationToken.None);
        }

        var listed = await Store.ListAsync(_partition, CancellationToken.None);

        Assert.Equal([5L, 4L], listed.Select(snapshot => snapshot.JournalStreamSequence));
        Assert.True(listed[0].LastDecisionSequence > listed[1].LastDecisionSequence);
        Assert.All(listed, snapshot => Assert.Equal(SnapshotCodec.CurrentFormatVersion, snapshot.FormatVersion));
        Assert.All(listed, snapshot => Assert.True(snapshot.SizeBytes > 0));
    }

    [Fact]
    public async Task A_corrupt_newest_snapshot_gives_way_to_the_older_valid_one()
    {
        var older = Stored(EngineStateAfter(3), journalStreamSequence: 1);
        var newer = Stored(EngineStateAfter(6), journalStreamSequence: 2);
        var newest = Stored(EngineStateAfter(9), journalStreamSequence: 3);
        foreach (var snapshot in new[] { older, newer, newest })
        {
            await Store.SaveAsync(snapshot, keepLast: 3, CancellationToken.None);
        }

        // Newest: a flipped byte, caught by the hash. Newer: garbage stored with a matching hash, caught by decoding.
        await TamperAsync("payload = set_byte(payload, 0, get_byte(payload, 0) # 255)", newest.LastDecisionSequence);
        await TamperAsync(@"payload = '\x0102'::bytea, payload_sha256 = sha256('\x0102'::bytea)", newer.LastDecisionSequence);

        var loaded = await Store.LoadNewestValidAsync(_partition, CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Equal(older.LastDecisionSequence, loaded.Snapshot.LastDecisionSequence);
        Assert.Equal(3, loaded.State.Orders.Count);
    }

    [Fact]
    public async Task A_partition_without_snapshots_loads_nothing()
    {
        Assert.Null(await Store.LoadNewestValidAsync(_partition, CancellationToken.None));
        Assert.Empty(await Store.ListAsync(_partition, CancellationToken.None));
    }

    private async Task TamperAsync(string assignments, long lastDecisionSequence)
    {
        await using var tamper = services.Pg.CreateCommand(
            $"UPDATE engine.snapshots SET {assignments} WHERE partition = $1 AND last_decision_sequence = $2");
        tamper.Parameters.AddWithValue(_partition);
        tamper.Parameters.AddWithValue(lastDecisionSequence);
        Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
    }

    private StoredSnapshot Stored(EngineState state, long journalStreamSequence) => new(
        _partition,
        state.LastDecisionSequence,
        state.LastInputSequence,
        journalStreamSequence,
        SnapshotCodec.CurrentFormatVersion,
        SnapshotCodec.Serialize(state),
        DateTimeOffset.UtcNow);
}
