using System.Net;
using System.Net.Sockets;
using TicketBooking.IntegrationTests.Wallet;

namespace TicketBooking.IntegrationTests.Projections;

[Collection(LocalServices.Name)]
public sealed class ProjectorReadinessTests(ServicesFixture services)
{
    [Fact]
    public async Task A_worker_that_cannot_reach_PostgreSQL_is_live_but_not_ready()
    {
        await using var projector = ProjectorProcess.Launch(services, new Dictionary<string, string>
        {
            ["TB_PG"] = $"Host=127.0.0.1;Port={ClosedPort()};Username=tb;Password=tb;Database=ticketbooking;Timeout=1",
        });

        await Eventually.UntilAsync(async () => await projector.LivenessAsync() == HttpStatusCode.OK, "the worker to answer /health/live", TimeSpan.FromSeconds(60), projector.ReadLog);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await projector.ReadinessAsync());
            await Task.Delay(200);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
