using System.Diagnostics;
using TicketBooking.IntegrationTests.Nats;
using TicketBooking.IntegrationTests.Wallet;
using Xunit.Abstractions;

namespace TicketBooking.IntegrationTests.Resilience;

/// <summary>
/// Issue 11: nats-server SIGKILLed twice during a drop and restarted on its data. Against a nats-server of this test's
/// own (the shared one is never restarted), a <see cref="ChaosDrop"/>: every order answered 202 must reach a final state
/// that <c>GET /api/orders/{id}</c> shows, the projection must catch up, readiness must have failed while NATS was away
/// and hold again after, and tb-ops must find the journals and the money in order.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class NatsRestartTests(PartitionAllocator partitions, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly AuthorizedNatsServer _nats = new();
    private ChaosGround? _ground;

    private ServicesFixture Services => Ground.Services;

    private TestBuyers Buyers => Ground.Buyers;

    private ChaosGround Ground => _ground ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        await _nats.InitializeAsync();
        _ground = await ChaosGround.PrepareAsync(_nats.Url, _nats.PasswordOf);
    }

    public async Task DisposeAsync()
    {
        if (_ground is not null)
        {
            await _ground.DisposeAsync();
        }

        await _nats.DisposeAsync();
    }

    [Fact]
    public async Task Every_accepted_order_is_decided_and_every_service_is_ready_again_after_nats_is_killed_twice_mid_burst()
    {
        await using var drop = await ChaosDrop.StartAsync(Services, Buyers, partitions.Next(2), ChaosSeed.Pick(output.WriteLine));

        var record = await drop.RunAsync(KillTwiceAsync);
        output.WriteLine(record.Summary());

        foreach (var outage in record.Outages)
        {
            Assert.Contains(record.Readiness, sample => !sample.Ready && sample.At >= outage.Down && sample.At <= outage.Up + TimeSpan.FromSeconds(2));
        }

        output.WriteLine(await drop.VerifyEveryAcceptedOrderDecidedAsync(record));
    }

    private async Task<IReadOnlyList<DropOutage>> KillTwiceAsync(Stopwatch clock)
    {
        var outages = new List<DropOutage>();
        for (var kill = 1; kill <= 2; kill++)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            var killed = clock.Elapsed;
            await _nats.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var restarting = clock.Elapsed;
            await _nats.RestartAsync();
            outages.Add(new DropOutage($"nats-server SIGKILL {kill}", killed, restarting, clock.Elapsed));
        }

        return outages;
    }
}
