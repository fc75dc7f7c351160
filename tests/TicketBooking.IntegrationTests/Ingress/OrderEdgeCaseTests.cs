using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TicketBooking.Engine.Decisions;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Projections;

namespace TicketBooking.IntegrationTests.Ingress;

/// <summary>Orders at the edges: retries that outlived the cache, clients that vanish mid-body, cancels after the show started.</summary>
[Collection(EngineStreams.Name)]
public sealed class OrderEdgeCaseTests(ServicesFixture services, PartitionAllocator partitions)
{
    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    [Fact]
    public async Task A_retried_order_whose_outcome_left_the_cache_reads_that_outcome_and_not_pending()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await using var projector = await ProjectorProcess.StartAsync(services);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var ingress = await IngressInstance.StartAsync(services, "--Ingress:OrderCacheCapacity=1");
        var session = await ingress.CreateSessionAsync(scenario.Sessions().First(), rows: 1, seatsPerRow: 4);
        using var buyer = ingress.Client(buyerId: 81);

        var first = await OrderIdAsync(await IngressInstance.OrderAsync(buyer, session, "first", new { seats = new[] { 0 } }));
        Assert.Equal("held", (await IngressInstance.SettledOrderAsync(buyer, first)).GetProperty("status").GetString());
        var second = await OrderIdAsync(await IngressInstance.OrderAsync(buyer, session, "second", new { seats = new[] { 1 } }));
        Assert.Equal("held", (await IngressInstance.SettledOrderAsync(buyer, second)).GetProperty("status").GetString());
        await IngressInstance.OrderInStatusAsync(buyer, first, "held"); // now read from the projection: the cache holds one order

        using var retried = await IngressInstance.OrderAsync(buyer, session, "first", new { seats = new[] { 0 } });
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(first, await OrderIdAsync(retried));
        Assert.Equal("held", (await buyer.GetFromJsonAsync<JsonElement>($"/api/orders/{first}")).GetProperty("status").GetString());
        Assert.Equal("held", (await buyer.GetFromJsonAsync<JsonElement>($"/api/orders/{first}?wait=1")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_client_that_closes_mid_body_is_not_logged_as_an_error()
    {
        var logs = new CapturedLogs();
        // Request starting / finished, so the test can wait for each half-sent request to be in the pipeline and done.
        await using var ingress = await IngressInstance.StartAsync(services, logs, $"--Logging:LogLevel:{HostingDiagnostics}=Information");
        var token = TestSecrets.TokenFor(91);
        var sent = 0;

        foreach (var reset in new[] { false, true })
        {
            using var client = new TcpClient();
            await client.ConnectAsync(ingress.Address.Host, ingress.Address.Port);
            var stream = client.GetStream();
            var head = $"POST /api/sessions/1/orders HTTP/1.1\r\nHost: {ingress.Address.Authority}\r\nAuthorization: Bearer {token}\r\n"
                + "Idempotency-Key: half-a-body\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"seats\": [1,";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.FlushAsync();
            sent++;
            await Eventually.UntilAsync(() => HostingEntries(logs, "Request starting") >= sent, $"request {sent} to be in the ingress's pipeline");
            if (reset)
            {
                client.Client.LingerState = new LingerOption(true, 0); // closing now sends a reset
            }

            client.Close();
        }

        // The ingress finished the two aborted requests, and still answers.
        await Eventually.UntilAsync(() => HostingEntries(logs, "Request finished") >= sent, "the aborted requests to finish");
        using var buyer = ingress.Client(buyerId: 91);
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/orders/{Guid.NewGuid()}")).StatusCode);
        Assert.DoesNotContain(logs.Entries, entry => entry.Level >= LogLevel.Error || (entry.Level >= LogLevel.Warning && entry.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)));
    }

    private static int HostingEntries(CapturedLogs logs, string start) =>
        logs.Entries.Count(entry => entry.Category == HostingDiagnostics && entry.Message.StartsWith(start, StringComparison.Ordinal));

    [Fact]
    public async Task Cancelling_after_the_show_started_is_answered_409_though_the_catalog_no_longer_lists_the_session()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var ingress = await IngressInstance.StartAsync(services);
        var session = await ingress.CreateSessionAsync(scenario.Sessions().First(), rows: 1, seatsPerRow: 4, startsAt: DateTimeOffset.UtcNow.AddSeconds(5));
        using var buyer = ingress.Client(buyerId: 92);
        var orderId = await OrderIdAsync(await IngressInstance.OrderAsync(buyer, session, "before-the-show", new { seats = new[] { 0 } }));
        await IngressInstance.OrderInStatusAsync(buyer, orderId, "held");

        await Eventually.UntilAsync(async () =>
        {
            using var listed = await buyer.GetAsync($"/api/sessions/{session}");
            return listed.StatusCode == HttpStatusCode.NotFound;
        }, "the catalog to drop the started session");
        using var cancel = await IngressInstance.CancelAsync(buyer, orderId);

        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Contains("started", await cancel.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("held", (await buyer.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}")).GetProperty("status").GetString());
        var decisions = (await scenario.ReadJournalAsync()).SelectMany(batch => batch.Batch.Decisions);
        Assert.DoesNotContain(decisions, decision => decision is Rejected { Command: CommandKind.Cancel });
    }

    private static async Task<Guid> OrderIdAsync(HttpResponseMessage accepted)
    {
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        return (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
    }
}
