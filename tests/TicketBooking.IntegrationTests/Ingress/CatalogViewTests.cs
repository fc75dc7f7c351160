using System.Net;
using TicketBooking.IntegrationTests.Engine;

namespace TicketBooking.IntegrationTests.Ingress;

/// <summary>The ingress's copy of the catalog, refreshed from PostgreSQL while sessions are put on sale.</summary>
[Collection(EngineStreams.Name)]
public sealed class CatalogViewTests(ServicesFixture services, PartitionAllocator partitions)
{
    [Fact]
    public async Task A_session_put_on_sale_is_orderable_at_once_however_the_refresh_falls()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var ingress = await IngressInstance.StartAsync(services, "--Ingress:CatalogRefreshInterval=00:00:00.005");
        var sessions = scenario.Sessions().Take(25).ToList();
        var answers = new List<HttpStatusCode>();
        foreach (var session in sessions)
        {
            using var buyer = ingress.Client(buyerId: answers.Count + 1);
            await ingress.CreateSessionAsync(session, rows: 1, seatsPerRow: 2);
            for (var i = 0; i < 5; i++)
            {
                using var order = await IngressInstance.OrderAsync(buyer, session, $"order-{session}-{i}", new { seats = new[] { 0 } });
                answers.Add(order.StatusCode);
            }
        }

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.Accepted, status)); // never 404 "not on sale"
    }
}
