using TicketBooking.IntegrationTests.Wallet;

namespace TicketBooking.IntegrationTests.Resilience;

/// <summary>
/// What a <see cref="ChaosDrop"/> test stands on besides its own NATS: the services fixture for that NATS, the test's
/// buyers (migrated, deleted at the end) and no engine snapshots before or after, so no other test's journal leaks in.
/// </summary>
internal sealed class ChaosGround : IAsyncDisposable
{
    private ChaosGround(ServicesFixture services, TestBuyers buyers)
    {
        Services = services;
        Buyers = buyers;
    }

    public ServicesFixture Services { get; }

    public TestBuyers Buyers { get; }

    public static async Task<ChaosGround> PrepareAsync(string natsUrl, Func<string, string> passwordOf)
    {
        var services = ServicesFixture.ForServer(natsUrl, passwordOf);
        await services.InitializeAsync();
        var buyers = new TestBuyers(services.Pg);
        await buyers.MigrateAsync();
        await ChaosDrop.DeleteSnapshotsAsync(services);
        return new ChaosGround(services, buyers);
    }

    public async ValueTask DisposeAsync()
    {
        await Buyers.DeleteAsync();
        await ChaosDrop.DeleteSnapshotsAsync(Services);
        await Services.DisposeAsync();
    }
}
