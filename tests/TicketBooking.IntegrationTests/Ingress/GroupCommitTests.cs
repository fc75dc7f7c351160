using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.Engine.Decisions;
using TicketBooking.IntegrationTests.Engine;

namespace TicketBooking.IntegrationTests.Ingress;

/// <summary>Group commit: concurrent purchases of a partition share log entries, and each is still decided once.</summary>
[Collection(EngineStreams.Name)]
public sealed class GroupCommitTests(ServicesFixture services, PartitionAllocator partitions)
{
    [Fact]
    public async Task Concurrent_purchases_share_log_entries_and_each_gets_exactly_one_outcome()
    {
        const int Orders = 300;
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var ingress = await IngressInstance.StartAsync(services);
        var session = await ingress.CreateSessionAsync(scenario.Sessions().First(), rows: 10, seatsPerRow: 20);

        var clients = Enumerable.Range(1, Orders).Select(buyer => ingress.Client(buyerId: buyer)).ToArray();
        var answers = await Task.WhenAll(Enumerable.Range(0, Orders).Select(async i =>
        {
            using var response = await IngressInstance.OrderAsync(clients[i % clients.Length], session, $"order-{i}", new { seats = new[] { i % 200 } });
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>());
        }));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode));
        var orderIds = answers.Select(answer => answer.Body.GetProperty("orderId").GetGuid()).ToHashSet();
        Assert.Equal(Orders, orderIds.Count);

        var input = await new NatsJSContext(services.Nats).GetStreamAsync(Subjects.InputStream);
        var purchaseEntries = input.Info.State.Messages - 1; // one entry opened the session
        Assert.True(purchaseEntries < Orders, $"{Orders} concurrent purchases took {purchaseEntries} log entries: nothing was grouped.");

        await Eventually.UntilAsync(async () => (await scenario.ReadJournalAsync()).SelectMany(b => b.Batch.Decisions).Count(IsPurchaseOutcome) >= Orders, "every purchase decided");
        var outcomes = (await scenario.ReadJournalAsync()).SelectMany(b => b.Batch.Decisions).Where(IsPurchaseOutcome).ToList();
        Assert.Equal(Orders, outcomes.Count);
        Assert.Equal(orderIds, outcomes.Select(OrderOf).ToHashSet());
        Assert.Equal(200, outcomes.Count(d => d is OrderHeld));
        await scenario.VerifyJournalAsync();

        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private static bool IsPurchaseOutcome(Decision decision) =>
        decision is OrderHeld or Rejected { Command: CommandKind.Purchase };

    private static Guid OrderOf(Decision decision) => decision switch
    {
        OrderHeld held => held.OrderId,
        Rejected rejected => rejected.OrderId,
        _ => Guid.Empty,
    };
}
