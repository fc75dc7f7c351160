using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.Engine.Decisions;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.Messaging;

namespace TicketBooking.IntegrationTests.Ingress;

/// <summary>The HTTP API in process against the real nats-server, PostgreSQL and engine host process.</summary>
[Collection(EngineStreams.Name)]
public sealed class IngressTests(ServicesFixture services, PartitionAllocator partitions)
{
    [Fact]
    public async Task A_buyer_orders_seats_and_sees_them_held_once_however_often_the_request_is_retried()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var ingress = await IngressInstance.StartAsync(services);
        var session = await ingress.CreateSessionAsync(scenario.Sessions().First(), rows: 2, seatsPerRow: 5);
        using var buyer = ingress.Client(buyerId: 42);

        var listed = await IngressInstance.ListedSessionsAsync(buyer);
        Assert.Contains(listed, s => s.GetProperty("id").GetInt64() == session);
        var details = await buyer.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}");
        Assert.Equal(5, details.GetProperty("rows")[1].GetProperty("firstSeatId").GetInt32());

        var accepted = await IngressInstance.OrderAsync(buyer, session, "order-1", new { seats = new[] { 1, 2 } });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var orderId = body.GetProperty("orderId").GetGuid();
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal($"/api/orders/{orderId}", accepted.Headers.Location?.OriginalString);

        var order = await IngressInstance.SettledOrderAsync(buyer, orderId);
        Assert.Equal("held", order.GetProperty("status").GetString());
        Assert.Equal([1, 2], order.GetProperty("seats").EnumerateArray().Select(seat => seat.GetInt32()));
        Assert.Equal(7_000 * 2, order.GetProperty("amount").GetInt64());
        using (var heldAnswer = await buyer.GetAsync($"/api/orders/{orderId}"))
        {
            Assert.Equal(TimeSpan.FromSeconds(1), heldAnswer.Headers.RetryAfter?.Delta);
        }

        var retried = await IngressInstance.OrderAsync(buyer, session, "order-1", new { seats = new[] { 1, 2 } });
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(orderId, (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid());
        var reused = await IngressInstance.OrderAsync(buyer, session, "order-1", new { seats = new[] { 3 } });
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);

        // Another instance has not seen the key: JetStream's dedupe tells it, and it compares the stored purchase.
        await using (var other = await IngressInstance.StartAsync(services))
        {
            using var sameBuyer = other.Client(buyerId: 42);
            Assert.Equal(HttpStatusCode.Conflict, (await IngressInstance.OrderAsync(sameBuyer, session, "order-1", new { seats = new[] { 3 } })).StatusCode);
            var retriedThere = await IngressInstance.OrderAsync(sameBuyer, session, "order-1", new { seats = new[] { 1, 2 } });
            Assert.Equal(HttpStatusCode.Accepted, retriedThere.StatusCode);
            Assert.Equal(orderId, (await retriedThere.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid());
        }

        using var stranger = ingress.Client(buyerId: 43);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/orders/{orderId}")).StatusCode);

        // A later purchase is decided after the retry would have been, so the journal then shows every outcome.
        var later = await IngressInstance.OrderAsync(buyer, session, "order-2", new { count = 1, category = 1 });
        var laterId = (await later.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
        var laterOrder = await IngressInstance.SettledOrderAsync(buyer, laterId);
        Assert.Equal("held", laterOrder.GetProperty("status").GetString());
        var laterSeat = Assert.Single(laterOrder.GetProperty("seats").EnumerateArray()).GetInt32();

        // The seating preferences are part of what an order asks for: the same key with others is another order.
        Assert.Equal(HttpStatusCode.Conflict, (await IngressInstance.OrderAsync(buyer, session, "order-2", new { count = 1, category = 1, accessible = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await IngressInstance.OrderAsync(buyer, session, "order-2", new { count = 1, category = 1, fallback = "split" })).StatusCode);
        var sameWithDefaults = await IngressInstance.OrderAsync(buyer, session, "order-2", new { count = 1, category = 1, accessible = false, fallback = "reject" });
        Assert.Equal(HttpStatusCode.Accepted, sameWithDefaults.StatusCode);
        Assert.Equal(laterId, (await sameWithDefaults.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid());
        var decisions = (await scenario.ReadJournalAsync()).SelectMany(batch => batch.Batch.Decisions).ToList();
        Assert.Single(decisions, decision => decision is OrderHeld held && held.OrderId == orderId);
        Assert.DoesNotContain(decisions, decision => decision is Rejected rejected && rejected.OrderId == orderId);

        JsonElement availability = default;
        EntityTagHeaderValue? etag = null;
        await Eventually.UntilAsync(async () =>
        {
            using var response = await buyer.GetAsync($"/api/sessions/{session}/availability");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            availability = await response.Content.ReadFromJsonAsync<JsonElement>();
            etag = response.Headers.ETag;
            return availability.GetProperty("seats").GetString()!.Count(seat => seat == '1') == 3;
        }, "availability to show the held seats");
        var expectedSeats = new StringBuilder("0110000000") { [laterSeat] = '1' }.ToString();
        Assert.Equal(expectedSeats, availability.GetProperty("seats").GetString());
        Assert.Equal([3, 4], availability.GetProperty("freeByCategory").EnumerateArray().Select(free => free.GetInt32()));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session}/availability");
        conditional.Headers.IfNoneMatch.Add(etag!);
        Assert.Equal(HttpStatusCode.NotModified, (await buyer.SendAsync(conditional)).StatusCode);

        using (var events = await buyer.GetAsync($"/api/sessions/{session}/availability/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
            string? line;
            while ((line = await reader.ReadLineAsync()) is not null && !line.StartsWith("data:", StringComparison.Ordinal))
            {
            }

            Assert.Equal(expectedSeats, JsonDocument.Parse(line!["data:".Length..]).RootElement.GetProperty("seats").GetString());
        }

        await scenario.VerifyJournalAsync();
    }

    [Fact]
    public async Task Buyers_racing_for_the_same_seats_get_each_seat_once()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var ingress = await IngressInstance.StartAsync(services);
        var session = await ingress.CreateSessionAsync(scenario.Sessions().First(), rows: 1, seatsPerRow: 6);

        var buyers = Enumerable.Range(1, 12).Select(buyer => ingress.Client(buyerId: buyer)).ToList();
        var responses = await Task.WhenAll(buyers.Select((client, i) =>
            IngressInstance.OrderAsync(client, session, "race", new { seats = i % 2 == 0 ? new[] { 0, 1 } : new[] { 1, 2 } })));
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        var orders = new List<JsonElement>();
        for (var i = 0; i < buyers.Count; i++)
        {
            var orderId = (await responses[i].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
            orders.Add(await IngressInstance.SettledOrderAsync(buyers[i], orderId));
        }

        var held = orders.Where(order => order.GetProperty("status").GetString() == "held").ToList();
        Assert.Single(held);
        Assert.All(orders.Except(held), order =>
        {
            Assert.Equal("rejected", order.GetProperty("status").GetString());
            Assert.Equal(nameof(RejectReason.SeatTaken), order.GetProperty("reason").GetString());
        });
        foreach (var client in buyers)
        {
            client.Dispose();
        }

        await scenario.VerifyJournalAsync();
    }

    [Fact]
    public async Task Bad_requests_get_problem_details_and_publish_nothing()
    {
        var js = new NatsJSContext(services.Nats);
        await JetStreamSetup.EnsureStreamsAsync(js, new StreamSettings(), CancellationToken.None);
        await using var ingress = await IngressInstance.StartAsync(services, "--Ingress:MaxOrderBodyBytes=1024", "--Ingress:BuyerRatePermits=1000");
        var session = await ingress.CreateSessionAsync(Random.Shared.NextInt64(1, 1L << 50), rows: 2, seatsPerRow: 5, maxSeatsPerBuyer: 3);
        using var buyer = ingress.Client(buyerId: 7);
        using var anonymous = ingress.Client();
        var accepted = await IngressInstance.OrderAsync(buyer, session, "kept", new { seats = new[] { 0 } });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var acceptedId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
        var inputs = await InputCountAsync(js);

        await AssertProblemAsync(HttpStatusCode.Unauthorized, await IngressInstance.OrderAsync(anonymous, session, "k", new { seats = new[] { 1 } }));
        await AssertProblemAsync(HttpStatusCode.Unauthorized, await anonymous.GetAsync($"/api/orders/{acceptedId}"));
        using (var oldHeader = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{acceptedId}"))
        {
            oldHeader.Headers.Add("X-Buyer-Id", "7");
            await AssertProblemAsync(HttpStatusCode.Unauthorized, await anonymous.SendAsync(oldHeader));
        }

        await AssertProblemAsync(HttpStatusCode.Unauthorized, await anonymous.PostAsJsonAsync("/api/admin/sessions", new { hallId = 1 }));

        await AssertProblemAsync(HttpStatusCode.BadRequest, await buyer.PostAsJsonAsync($"/api/sessions/{session}/orders", new { seats = new[] { 1 } }));
        using (var malformed = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/orders") { Content = new StringContent("{\"seats\": [1,", Encoding.UTF8, "application/json") })
        {
            malformed.Headers.Add("Idempotency-Key", "malformed");
            await AssertProblemAsync(HttpStatusCode.BadRequest, await buyer.SendAsync(malformed));
        }

        await AssertProblemAsync(HttpStatusCode.BadRequest, await buyer.GetAsync("/api/orders/not-a-guid"));

        await AssertProblemAsync(HttpStatusCode.NotFound, await IngressInstance.OrderAsync(buyer, session + 1, "other-session", new { seats = new[] { 1 } }));
        await AssertProblemAsync(HttpStatusCode.NotFound, await buyer.GetAsync($"/api/orders/{Guid.NewGuid()}"));
        await AssertProblemAsync(HttpStatusCode.NotFound, await buyer.GetAsync($"/api/sessions/{session + 1}/availability"));

        await AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, await IngressInstance.OrderAsync(buyer, session, "big", new { seats = Enumerable.Range(0, 600).ToArray() }));

        await AssertProblemAsync((HttpStatusCode)422, await IngressInstance.OrderAsync(buyer, session, "v1", new { seats = new[] { 10 } }));
        await AssertProblemAsync((HttpStatusCode)422, await IngressInstance.OrderAsync(buyer, session, "v2", new { seats = new[] { 2, 2 } }));
        await AssertProblemAsync((HttpStatusCode)422, await IngressInstance.OrderAsync(buyer, session, "v3", new { count = 0, category = 0 }));
        await AssertProblemAsync((HttpStatusCode)422, await IngressInstance.OrderAsync(buyer, session, "v4", new { count = 4, category = 0 }));
        await AssertProblemAsync((HttpStatusCode)422, await IngressInstance.OrderAsync(buyer, session, "v5", new { count = 1, category = 2 }));
        await AssertProblemAsync((HttpStatusCode)422, await IngressInstance.OrderAsync(buyer, session, "v6", new { seats = new[] { 1 }, count = 1, category = 0 }));
        await AssertProblemAsync((HttpStatusCode)422, await IngressInstance.OrderAsync(buyer, session, "v7", new { count = 1, category = 0, fallback = "sideways" }));
        await AssertProblemAsync((HttpStatusCode)422, await IngressInstance.OrderAsync(buyer, session, "v8", new { seats = new[] { 1 }, accessible = true }));

        Assert.Equal(inputs, await InputCountAsync(js));
    }

    [Fact]
    public async Task A_buyer_over_the_rate_limit_gets_429_with_retry_after()
    {
        var js = new NatsJSContext(services.Nats);
        await JetStreamSetup.EnsureStreamsAsync(js, new StreamSettings(), CancellationToken.None);
        await using var ingress = await IngressInstance.StartAsync(services, "--Ingress:BuyerRatePermits=2", "--Ingress:BuyerRateWindow=00:10:00");
        using var buyer = ingress.Client(buyerId: 9);
        using var other = ingress.Client(buyerId: 10);

        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/orders/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/orders/{Guid.NewGuid()}")).StatusCode);
        var limited = await buyer.GetAsync($"/api/orders/{Guid.NewGuid()}");
        await AssertProblemAsync(HttpStatusCode.TooManyRequests, limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/orders/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Orders_are_answered_503_when_JetStream_is_unreachable()
    {
        var js = new NatsJSContext(services.Nats);
        await JetStreamSetup.EnsureStreamsAsync(js, new StreamSettings(), CancellationToken.None);
        long session;
        await using (var ingress = await IngressInstance.StartAsync(services))
        {
            session = await ingress.CreateSessionAsync(Random.Shared.NextInt64(1, 1L << 50), rows: 1, seatsPerRow: 4);
        }

        await using var cutOff = await IngressInstance.StartAsync(services, $"--TB_NATS_URL=nats://127.0.0.1:{ClosedPort()}");
        using var buyer = cutOff.Client(buyerId: 11);
        var response = await IngressInstance.OrderAsync(buyer, session, "no-nats", new { seats = new[] { 0 } });
        await AssertProblemAsync(HttpStatusCode.ServiceUnavailable, response);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await buyer.GetAsync("/health/ready")).StatusCode);
    }

    private static async Task AssertProblemAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
    }

    private static async Task<long> InputCountAsync(NatsJSContext js) =>
        (await js.GetStreamAsync(Subjects.InputStream)).Info.State.Messages;

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
