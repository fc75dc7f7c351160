using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TicketBooking.Engine.Commands;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.IntegrationTests.Projections;
using TicketBooking.Notifications;
using TicketBooking.ServiceDefaults.Security;
using TicketBooking.Storage;

namespace TicketBooking.IntegrationTests.Notifications;

/// <summary>
/// Order outcomes as notifications, end to end against the real services: the projections worker (a real process)
/// stores them from the journal, the ingress pages and streams them to their buyer, and a loopback receiver gets each
/// as a signed webhook, retried with the same id until it answers 2xx. Buyers and organizers have fresh random ids,
/// so notifications left by earlier runs never show up.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class NotificationTests(ServicesFixture services, PartitionAllocator partitions)
{
    private static readonly Dictionary<string, string> ProjectorSettings = new()
    {
        ["Notifications__AllowLoopbackHttp"] = "true",
        ["Notifications__FirstRetryDelay"] = "00:00:00.100",
        ["Notifications__MaxRetryDelay"] = "00:00:00.400",
        ["Notifications__DeliveryPollInterval"] = "00:00:00.050",
        ["Notifications__LockPollInterval"] = "00:00:00.200",
    };

    [Fact]
    public async Task Each_order_outcome_reaches_its_buyer_stored_streamed_and_as_a_signed_webhook_once()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        var projector = await ProjectorProcess.StartAsync(services, ProjectorSettings);
        try
        {
            await using var ingress = await IngressInstance.StartAsync(services, "--Notifications:AllowLoopbackHttp=true", "--Notifications:HeartbeatInterval=00:00:01");
            await using var receiver = await WebhookReceiver.StartAsync(failures: 2);
            var organizerId = FreshId();
            using var organizer = Organizer(ingress, organizerId);
            var session = await ingress.CreateSessionAsync(scenario.Sessions().First(), rows: 2, seatsPerRow: 5, owner: organizer);
            var (subscriptionId, secret) = await SubscribeAsync(organizer, receiver.Url);

            var buyerId = FreshId();
            var rivalId = FreshId();
            using var buyer = ingress.Client(buyerId);
            using var rival = ingress.Client(rivalId);
            await using var stream = await EventStreamReader.OpenAsync(buyer, "/api/notifications/stream");
            await Eventually.UntilAsync(() => stream.OfType("ready").Any(), "the notification stream to say it is following");

            // Paid (confirmed), then cancelled (cancelled and refunded); a second held and cancelled; the rival rejected.
            var paidId = await PlaceAsync(buyer, session, new { seats = new[] { 0, 1 } }, "held");
            await scenario.WaitForJournalAsync(await scenario.PublishAsync(new PaymentSucceeded(paidId, session)));
            await IngressInstance.OrderInStatusAsync(buyer, paidId, "confirmed");
            var confirmed = (await Eventually.UntilAsync(
                () => Task.FromResult(stream.OfType("notification").FirstOrDefault()),
                first => first is not null,
                "the confirmation to arrive on the buyer's stream"))!;
            Assert.Equal("confirmed", confirmed.Data.GetProperty("kind").GetString());
            Assert.Equal(paidId, confirmed.Data.GetProperty("orderId").GetGuid());
            var streamedTickets = confirmed.Data.GetProperty("tickets").EnumerateArray().ToList();
            var order = await buyer.GetFromJsonAsync<JsonElement>($"/api/orders/{paidId}");
            Assert.Equal(
                order.GetProperty("tickets").EnumerateArray().Select(t => (t.GetProperty("number").GetInt64(), t.GetProperty("seat").GetInt32(), t.GetProperty("code").GetString())),
                streamedTickets.Select(t => (t.GetProperty("number").GetInt64(), t.GetProperty("seat").GetInt32(), t.GetProperty("code").GetString())));

            var heldId = await PlaceAsync(buyer, session, new { seats = new[] { 2 } }, "held");
            Assert.Equal(HttpStatusCode.Accepted, (await IngressInstance.CancelAsync(buyer, heldId)).StatusCode);
            await IngressInstance.OrderInStatusAsync(buyer, heldId, "cancelled");
            var rejectedId = await PlaceAsync(rival, session, new { seats = new[] { 1 } }, "rejected");
            Assert.Equal(HttpStatusCode.Accepted, (await IngressInstance.CancelAsync(buyer, paidId)).StatusCode);
            await IngressInstance.OrderInStatusAsync(buyer, paidId, "cancelled");

            string[] expected = ["confirmed", "cancelled", "cancelled", "refunded"];
            await Eventually.UntilAsync(
                () => Task.FromResult(stream.OfType("notification").Select(e => e.Data.GetProperty("kind").GetString()).ToList()),
                kinds => kinds.SequenceEqual(expected),
                "the buyer's stream to carry its four outcomes in order");
            var streamed = stream.OfType("notification").ToList();
            Assert.Equal(streamed.Select(e => e.Id), streamed.Select(e => e.Data.GetProperty("cursor").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var refund = streamed[3].Data;
            Assert.Equal((paidId, 14_000L, "Cancelled"), (refund.GetProperty("orderId").GetGuid(), refund.GetProperty("amount").GetInt64(), refund.GetProperty("reason").GetString()));
            await Eventually.UntilAsync(() => stream.OfType("heartbeat").Any(), "the quiet stream to send a heartbeat");

            // A stream resumed after the first event gets the three after it.
            await using (var resumed = await EventStreamReader.OpenAsync(buyer, "/api/notifications/stream", lastEventId: streamed[0].Id))
            {
                await Eventually.UntilAsync(
                    () => Task.FromResult(resumed.OfType("notification").Select(e => e.Id).ToList()),
                    ids => ids.SequenceEqual(streamed.Skip(1).Select(e => e.Id)),
                    "the resumed stream to send what came after Last-Event-ID");
            }

            // Paged newest first, the caller's own only.
            var pages = await PagesAsync(buyer, "/api/notifications?limit=3");
            Assert.Equal([3, 1], pages.Select(page => page.Count));
            Assert.Equal(streamed.Select(e => e.Data.GetProperty("id").GetGuid()).Reverse(), pages.SelectMany(page => page).Select(n => n.GetProperty("id").GetGuid()));
            var rivals = Assert.Single(Assert.Single(await PagesAsync(rival, "/api/notifications")));
            Assert.Equal(("rejected", rejectedId, "SeatTaken"), (rivals.GetProperty("kind").GetString(), rivals.GetProperty("orderId").GetGuid(), rivals.GetProperty("reason").GetString()));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await buyer.GetAsync("/api/notifications?limit=0")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await ingress.Client().GetAsync("/api/notifications")).StatusCode);

            // Every outcome of the organizer's session as a webhook: two failed attempts, then delivered, one id throughout.
            var ids = streamed.Select(e => e.Data.GetProperty("id").GetGuid().ToString()).Append(rivals.GetProperty("id").GetGuid().ToString()).ToList();
            await Eventually.UntilAsync(
                () => Task.FromResult(receiver.Requests.Where(r => r.Answer == 200).Select(r => r.Id).Order().ToList()),
                delivered => delivered.SequenceEqual(ids.Order()),
                "each of the five notifications to be delivered once the receiver answers 200");
            foreach (var (id, attempts) in receiver.Requests.GroupBy(r => r.Id).Select(g => (g.Key, g.ToList())))
            {
                Assert.Equal([500, 500, 200], attempts.Select(a => a.Answer));
                Assert.All(attempts, attempt => Assert.Equal(Sign(secret, attempt.Id, attempt.Timestamp, attempt.Body), attempt.Signature));
                Assert.Single(attempts.Select(a => Encoding.UTF8.GetString(a.Body)).Distinct());
                var body = JsonDocument.Parse(attempts[0].Body).RootElement;
                Assert.Equal(id, body.GetProperty("id").GetGuid().ToString());
                Assert.StartsWith("order.", body.GetProperty("type").GetString(), StringComparison.Ordinal);
                Assert.Equal($"/api/orders/{body.GetProperty("data").GetProperty("orderId").GetGuid()}", body.GetProperty("data").GetProperty("order").GetString());
            }

            await Eventually.UntilAsync(
                async () => await organizer.GetFromJsonAsync<JsonElement>($"/api/webhooks/{subscriptionId}/deliveries"),
                deliveries => deliveries.GetArrayLength() == 5 && deliveries.EnumerateArray().All(d => d.GetProperty("status").GetString() == "delivered" && d.GetProperty("attempts").GetInt32() == 3),
                "the owner to see five deliveries, each delivered on its third attempt");

            // A restart that replays the whole journal (no checkpoints) stores and sends nothing twice.
            await projector.KillAsync();
            await projector.DisposeAsync();
            await using (var clear = services.Pg.CreateCommand("DELETE FROM notifications.checkpoints"))
            {
                await clear.ExecuteNonQueryAsync();
            }

            projector = await ProjectorProcess.StartAsync(services, ProjectorSettings);
            var end = (long)await scenario.Journal.LastStreamSequenceAsync(scenario.Partition, CancellationToken.None);
            await Eventually.UntilAsync(
                async () => await ScalarAsync("SELECT COALESCE(max(stream_sequence), 0) FROM notifications.checkpoints WHERE partition = $1", scenario.Partition),
                through => through >= end,
                "the restarted projector to have replayed the journal to its end");
            Assert.Equal(4, await ScalarAsync("SELECT count(*) FROM notifications.notifications WHERE buyer_id = $1", buyerId));
            Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM notifications.notifications WHERE buyer_id = $1", rivalId));
            Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM notifications.webhook_deliveries WHERE status <> 'delivered' AND subscription_id = (SELECT id FROM notifications.webhook_subscriptions WHERE owner_id = $1)", organizerId));
            Assert.Equal(5, await ScalarAsync("SELECT count(*) FROM notifications.webhook_deliveries WHERE subscription_id = (SELECT id FROM notifications.webhook_subscriptions WHERE owner_id = $1)", organizerId));

            Assert.Equal(HttpStatusCode.NoContent, (await organizer.DeleteAsync($"/api/webhooks/{subscriptionId}")).StatusCode);
        }
        finally
        {
            await projector.DisposeAsync();
        }
    }

    [Fact]
    public async Task Webhook_subscriptions_are_their_owners_alone_and_bad_ones_change_nothing()
    {
        await new SchemaMigrator(services.Pg, NotificationMigrations.Set, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        await using var ingress = await IngressInstance.StartAsync(services, "--Notifications:MaxSubscriptionsPerOwner=2");
        using var owner = Organizer(ingress, FreshId());
        using var other = Organizer(ingress, FreshId());
        using var buyer = ingress.Client(FreshId());
        using var admin = ingress.Client(admin: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await owner.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/hook" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await owner.PostAsJsonAsync("/api/webhooks", new { url = "not a url" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsync("/api/webhooks", new StringContent("{", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example.com/a", allEvents = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example.com/a" })).StatusCode);
        Assert.Empty(await owner.GetFromJsonAsync<JsonElement[]>("/api/webhooks") ?? []);

        var (id, secret) = await SubscribeAsync(owner, "https://hooks.example.com/a");
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        await SubscribeAsync(owner, "https://hooks.example.com/b");
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example.com/c" })).StatusCode);
        var listed = await owner.GetFromJsonAsync<JsonElement[]>("/api/webhooks") ?? [];
        Assert.Equal(2, listed.Length);
        Assert.All(listed, subscription => Assert.False(subscription.TryGetProperty("secret", out _)));

        Assert.Empty(await other.GetFromJsonAsync<JsonElement[]>("/api/webhooks") ?? []);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/webhooks/{id}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Empty(await owner.GetFromJsonAsync<JsonElement[]>($"/api/webhooks/{id}/deliveries") ?? throw new InvalidOperationException("no deliveries list"));

        var adminHook = await admin.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example.com/all", allEvents = true });
        Assert.Equal(HttpStatusCode.Created, adminHook.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(adminHook.Headers.Location)).StatusCode);
        foreach (var subscription in listed)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/webhooks/{subscription.GetProperty("id").GetGuid()}")).StatusCode);
        }

        Assert.Empty(await owner.GetFromJsonAsync<JsonElement[]>("/api/webhooks") ?? []);
    }

    private static long FreshId() => Random.Shared.NextInt64(1L << 40, 1L << 52);

    private static HttpClient Organizer(IngressInstance ingress, long organizerId)
    {
        var client = ingress.Client();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestSecrets.TokenFor(organizerId, Roles.Buyer, Roles.Organizer));
        return client;
    }

    private static async Task<(Guid Id, string Secret)> SubscribeAsync(HttpClient owner, string url)
    {
        using var created = await owner.PostAsJsonAsync("/api/webhooks", new { url });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
    }

    private static async Task<Guid> PlaceAsync(HttpClient buyer, long session, object body, string status)
    {
        using var placed = await IngressInstance.OrderAsync(buyer, session, Guid.NewGuid().ToString(), body);
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
        Assert.Equal(status, (await IngressInstance.SettledOrderAsync(buyer, orderId)).GetProperty("status").GetString());
        return orderId;
    }

    /// <summary>Every page of a notification list, following Link: rel="next".</summary>
    private static async Task<List<List<JsonElement>>> PagesAsync(HttpClient client, string first)
    {
        var pages = new List<List<JsonElement>>();
        for (string? next = first; next is not null;)
        {
            using var response = await client.GetAsync(next);
            response.EnsureSuccessStatusCode();
            pages.Add([.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()]);
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single()[1..links.Single().IndexOf('>', StringComparison.Ordinal)] : null;
        }

        return pages;
    }

    /// <summary>The Standard Webhooks signature computed here, independently of the sender's code.</summary>
    private static string Sign(string secret, string id, string timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var message = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, message));
    }

    private async Task<long> ScalarAsync(string sql, long parameter)
    {
        await using var command = services.Pg.CreateCommand(sql);
        command.Parameters.AddWithValue(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
