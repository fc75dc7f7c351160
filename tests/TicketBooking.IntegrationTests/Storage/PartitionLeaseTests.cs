using TicketBooking.Storage;
using static TicketBooking.IntegrationTests.Storage.StorageTestSupport;

namespace TicketBooking.IntegrationTests.Storage;

[Collection(LocalServices.Name)]
public sealed class PartitionLeaseTests(ServicesFixture services, PartitionAllocator partitions)
{
    private readonly int _partition = partitions.Scratch();
    private readonly int _otherPartition = partitions.Scratch();

    [Fact]
    public async Task Only_one_owner_holds_a_partition_until_it_lets_go()
    {
        var owner = await PartitionLease.TryAcquireAsync(services.Pg, _partition, CancellationToken.None);
        Assert.NotNull(owner);
        Assert.Equal(_partition, owner.Partition);
        Assert.False(owner.Lost.IsCancellationRequested);
        await using (var sessions = services.Pg.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1"))
        {
            sessions.Parameters.AddWithValue($"tb-partition-lease-{_partition}");
            Assert.Equal(1L, await sessions.ExecuteScalarAsync());
        }

        Assert.Null(await PartitionLease.TryAcquireAsync(services.Pg, _partition, CancellationToken.None));
        await using (var other = await PartitionLease.TryAcquireAsync(services.Pg, _otherPartition, CancellationToken.None))
        {
            Assert.NotNull(other);
        }

        await owner.DisposeAsync();
        Assert.True(owner.Lost.IsCancellationRequested);

        await using var next = await PartitionLease.TryAcquireAsync(services.Pg, _partition, CancellationToken.None);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task A_standby_takes_over_when_the_owner_session_is_terminated()
    {
        var options = new PartitionLeaseOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(200) };
        await using var owner = await PartitionLease.TryAcquireAsync(services.Pg, _partition, options, logger: null, CancellationToken.None);
        Assert.NotNull(owner);
        using var giveUp = new CancellationTokenSource(Deadline);
        var standby = PartitionLease.AcquireAsync(services.Pg, _partition, giveUp.Token);
        Assert.False(standby.IsCompleted);

        await using (var terminate = services.Pg.CreateCommand(
            """
            SELECT pg_terminate_backend(pid) FROM pg_locks
            WHERE locktype = 'advisory' AND classid::bigint = $1 AND objid::bigint = $2 AND objsubid = 2 AND granted
            """))
        {
            terminate.Parameters.AddWithValue((long)AdvisoryLockClasses.EnginePartition);
            terminate.Parameters.AddWithValue((long)_partition);
            Assert.Equal(true, await terminate.ExecuteScalarAsync());
        }

        await WhenCancelled(owner.Lost).WaitAsync(Deadline);
        await using var successor = await standby.WaitAsync(Deadline);
        Assert.Equal(_partition, successor.Partition);
        Assert.False(successor.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task A_standby_gives_up_when_cancelled()
    {
        await using var owner = await PartitionLease.TryAcquireAsync(services.Pg, _partition, CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var standby = PartitionLease.AcquireAsync(services.Pg, _partition, giveUp.Token);

        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => standby.WaitAsync(Deadline));
        await using var sessions = services.Pg.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1");
        sessions.Parameters.AddWithValue($"tb-partition-lease-{_partition}");
        await Eventually.UntilAsync(
            async () => (long)(await sessions.ExecuteScalarAsync())! == 1,
            "the cancelled standby's waiting session to end");
    }

    [Fact]
    public async Task A_waiting_standby_owns_the_partition_as_soon_as_the_owner_lets_go()
    {
        var owner = await PartitionLease.TryAcquireAsync(services.Pg, _partition, CancellationToken.None);
        Assert.NotNull(owner);
        using var giveUp = new CancellationTokenSource(Deadline);
        var standby = PartitionLease.AcquireAsync(services.Pg, _partition, giveUp.Token);
        await UntilWaitingOnAdvisoryLockAsync(services.Pg, $"tb-partition-lease-{_partition}");
        Assert.False(standby.IsCompleted);

        var released = System.Diagnostics.Stopwatch.StartNew();
        await owner.DisposeAsync();
        await using var successor = await standby.WaitAsync(Deadline);

        Assert.True(released.Elapsed < TimeSpan.FromSeconds(1), $"The standby took {released.Elapsed} to own the partition.");
    }
}
