using TicketBooking.Storage;
using static TicketBooking.IntegrationTests.Storage.StorageTestSupport;

namespace TicketBooking.IntegrationTests.Storage;

[Collection(LocalServices.Name)]
public sealed class SessionLockTests(ServicesFixture services)
{
    private static readonly SessionLockOptions Options = new() { ApplicationName = "tb-session-lock-test" };

    // A class id no TicketBooking lock uses, so the test meets nothing real.
    private readonly AdvisoryLockKey _key = new(0x5442_7e57, Random.Shared.Next(1_000_000, int.MaxValue));

    [Fact]
    public async Task A_key_is_held_by_one_session_until_it_is_disposed()
    {
        var holder = await SessionLock.TryAcquireAsync(services.Pg, _key, Options, CancellationToken.None);
        Assert.NotNull(holder);
        Assert.Null(await SessionLock.TryAcquireAsync(services.Pg, _key, Options, CancellationToken.None));
        await using (var other = await SessionLock.TryAcquireAsync(services.Pg, _key with { ObjectId = _key.ObjectId + 1 }, Options, CancellationToken.None))
        {
            Assert.NotNull(other);
        }

        await holder.DisposeAsync();

        await using var next = await SessionLock.TryAcquireAsync(services.Pg, _key, Options, CancellationToken.None);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task A_waiting_session_gets_the_lock_once_the_holder_closes_its_session()
    {
        await using var holder = await SessionLock.TryAcquireAsync(services.Pg, _key, Options, CancellationToken.None);
        Assert.NotNull(holder);
        using var giveUp = new CancellationTokenSource(Deadline);
        var waiting = SessionLock.AcquireAsync(services.Pg, _key, Options, giveUp.Token);
        await UntilWaitingOnAdvisoryLockAsync(services.Pg, Options.ApplicationName);
        Assert.False(waiting.IsCompleted);

        await holder.CloseAsync();

        await using var successor = await waiting.WaitAsync(Deadline);
        Assert.Equal(_key, successor.Key);
        await using var probe = successor.Connection.CreateCommand();
        probe.CommandText = "SELECT 1";
        Assert.Equal(1, await probe.ExecuteScalarAsync());
    }

    [Fact]
    public void Every_lock_TicketBooking_takes_has_a_class_of_its_own()
    {
        int[] classes = [AdvisoryLockKey.SchemaMigration.ClassId, AdvisoryLockKey.EnginePartition(0).ClassId, AdvisoryLockKey.OrderProjector.ClassId];

        Assert.Equal(classes.Length, classes.Distinct().Count());
    }
}
