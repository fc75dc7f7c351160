using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.IntegrationTests.Engine;

namespace TicketBooking.IntegrationTests.Ingress;

/// <summary>Order status without polling storms: a GET that waits for the order to move.</summary>
[Collection(EngineStreams.Name)]
public sealed class OrderLongPollTests(ServicesFixture services, PartitionAllocator partitions)
{
    [Fact]
    public async Task A_long_poll_on_a_pending_order_answers_with_its_decision_and_one_on_a_held_order_waits_its_time()
    {
        await using var drop = await SmallDrop.StartAsync(services, partitions.Next());
        var (ingress, session) = (drop.Ingress, drop.Session);
        using var buyer = ingress.Client(buyerId: 42);

        using var accepted = await IngressInstance.OrderAsync(buyer, session, "order-1", new { seats = new[] { 1 } });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var orderId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();

        // Whatever it read when the poll came in (pending, or already held), the answer is held: nothing pays here.
        var order = await buyer.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}?wait=20");
        Assert.Equal("held", order.GetProperty("status").GetString());

        var waited = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{orderId}");
        request.Headers.Add("Prefer", "wait=1");
        using var stillHeld = await buyer.SendAsync(request);
        Assert.True(waited.Elapsed >= TimeSpan.FromSeconds(0.9), $"answered after {waited.Elapsed}");
        Assert.Equal("wait=1", stillHeld.Headers.GetValues("Preference-Applied").Single());
        Assert.Equal("held", (await stillHeld.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        using var malformed = await buyer.GetAsync($"/api/orders/{orderId}?wait=soon");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_buyers_order_stream_shows_its_orders_moving_and_no_one_elses()
    {
        await using var drop = await SmallDrop.StartAsync(services, partitions.Next());
        var (ingress, session) = (drop.Ingress, drop.Session);
        using var buyer = ingress.Client(buyerId: 42);
        using var stranger = ingress.Client(buyerId: 43);

        using var stream = await buyer.GetAsync("/api/orders/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());

        using var strangers = await IngressInstance.OrderAsync(stranger, session, "theirs", new { seats = new[] { 2 } });
        using var accepted = await IngressInstance.OrderAsync(buyer, session, "mine", new { seats = new[] { 1 } });
        var orderId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var eventType = "";
        string? data;
        while ((data = await reader.ReadLineAsync(timeout.Token)) is not null && !(eventType == "order" && data.StartsWith("data:", StringComparison.Ordinal)))
        {
            eventType = data.StartsWith("event:", StringComparison.Ordinal) ? data["event:".Length..].Trim() : eventType;
        }

        Assert.NotNull(data);
        var order = JsonDocument.Parse(data["data:".Length..]).RootElement;
        Assert.Equal(orderId, order.GetProperty("orderId").GetGuid());
        Assert.Equal("held", order.GetProperty("status").GetString());
    }

    /// <summary>An engine host on a partition of its own, an ingress and a ten-seat session on sale.</summary>
    private sealed class SmallDrop(EngineHostProcess host, IngressInstance ingress, long session) : IAsyncDisposable
    {
        public IngressInstance Ingress { get; } = ingress;

        public long Session { get; } = session;

        public static async Task<SmallDrop> StartAsync(ServicesFixture services, int partition)
        {
            var scenario = await PartitionScenario.CleanAsync(services, partition);
            var host = EngineHostProcess.Start(services, scenario.Partition);
            IngressInstance? ingress = null;
            try
            {
                await host.WaitForStatusAsync(scenario.Partition, "Running");
                ingress = await IngressInstance.StartAsync(services);
                return new SmallDrop(host, ingress, await ingress.CreateSessionAsync(scenario.Sessions().First(), rows: 2, seatsPerRow: 5));
            }
            catch
            {
                if (ingress is not null)
                {
                    await ingress.DisposeAsync();
                }

                await host.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Ingress.DisposeAsync();
            await host.DisposeAsync();
        }
    }
}
