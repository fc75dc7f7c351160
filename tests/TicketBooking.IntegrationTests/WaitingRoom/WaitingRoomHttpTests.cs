using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.Contracts;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.Ingress.Orders;
using TicketBooking.Ingress.WaitingRoom;
using TicketBooking.ServiceDefaults.Security;
using TicketBooking.WaitingRoom;

namespace TicketBooking.IntegrationTests.WaitingRoom;

/// <summary>
/// Issue 15, the waiting room over HTTP against a real ingress, engine host, nats-server and PostgreSQL. On services
/// of its own (<see cref="IsolatedServices"/>): the admitter is one for the whole database, and another test's rooms
/// (or clocks) must not be admitted by, or admit, this one's.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class WaitingRoomHttpTests : IAsyncLifetime
{
    private const long Organizer = 7_150_001;
    private const long OtherOrganizer = 7_150_002;
    private const long FirstBuyer = 7_151_000;

    private static readonly string[] FastAdmitter = ["--WaitingRoom:AdmitInterval=00:00:00.250", "--WaitingRoom:BoardRefreshInterval=00:00:01"];

    private IsolatedServices? _isolated;

    private ServicesFixture Services => _isolated?.Services ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _isolated = await IsolatedServices.StartAsync("tb_it_room_");

    public async Task DisposeAsync()
    {
        if (_isolated is not null)
        {
            await _isolated.DisposeAsync();
        }
    }

    [Fact]
    public async Task Visitors_queued_before_the_start_are_admitted_at_the_rate_in_the_recorded_shuffles_order_once_each_across_a_restart_and_only_a_token_buys()
    {
        var sessionId = Random.Shared.NextInt64(1, 1L << 50);
        var partition = SessionPartitioner.PartitionOf(sessionId);
        await using var host = EngineHostProcess.Start(Services, partition);
        await host.WaitForStatusAsync(partition, "Running");
        var early = Enumerable.Range(0, 8).Select(i => FirstBuyer + ((i * 5) % 8)).ToArray(); // joining in an order unlike their ids
        var late = FirstBuyer + 8;
        var saleStartsAt = DateTimeOffset.UtcNow.AddSeconds(8);
        IngressInstance second;
        await using (var first = await IngressInstance.StartAsync(Services, FastAdmitter))
        {
            using var organizer = ClientOf(first, Organizer, Roles.Buyer, Roles.Organizer);
            await first.CreateSessionAsync(sessionId, rows: 2, seatsPerRow: 10, owner: organizer);
            using var anonymous = first.Client();
            await AssertStatusAsync(HttpStatusCode.NotFound, anonymous.GetAsync($"/api/sessions/{sessionId}/waiting-room"));

            // Bad settings change nothing, and another organizer's session reads as one that does not exist.
            var room = RoomBody(DateTimeOffset.UtcNow.AddMinutes(-1), saleStartsAt, admitPerMinute: 30);
            await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, organizer.PutAsJsonAsync(RoomPath(sessionId), RoomBody(saleStartsAt.AddMinutes(1), saleStartsAt, 30)));
            await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, organizer.PutAsJsonAsync(RoomPath(sessionId), RoomBody(saleStartsAt.AddMinutes(-1), saleStartsAt, 0)));
            await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, organizer.PutAsJsonAsync(RoomPath(sessionId), new { opensAt = saleStartsAt.AddMinutes(-1), saleStartsAt, mode = "fastest", admitPerMinute = 30 }));
            await AssertStatusAsync(HttpStatusCode.NotFound, anonymous.GetAsync($"/api/sessions/{sessionId}/waiting-room"));
            using var other = ClientOf(first, OtherOrganizer, Roles.Buyer, Roles.Organizer);
            await AssertStatusAsync(HttpStatusCode.NotFound, other.PutAsJsonAsync(RoomPath(sessionId), room));

            await AssertStatusAsync(HttpStatusCode.Created, organizer.PutAsJsonAsync(RoomPath(sessionId), room));
            await AssertStatusAsync(HttpStatusCode.OK, organizer.PutAsJsonAsync(RoomPath(sessionId), room));
            await AssertStatusAsync(HttpStatusCode.NotFound, other.GetAsync(RoomPath(sessionId)));
            await AssertStatusAsync(HttpStatusCode.NotFound, other.GetAsync($"{RoomPath(sessionId)}/visitors"));
            var shown = await anonymous.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/waiting-room");
            Assert.Equal(("prequeue", 30), (shown.GetProperty("phase").GetString(), shown.GetProperty("admitPerMinute").GetInt32()));

            // Eight buyers join before the start; joining again keeps the place.
            foreach (var buyerId in early)
            {
                using var buyer = first.Client(buyerId: buyerId);
                using var joined = await buyer.PostAsync($"/api/sessions/{sessionId}/queue", content: null);
                Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
                var standing = await joined.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(("waiting", true), (standing.GetProperty("state").GetString(), standing.GetProperty("preQueue").GetBoolean()));
            }

            using var firstBuyer = first.Client(buyerId: early[0]);
            await AssertStatusAsync(HttpStatusCode.OK, firstBuyer.PostAsync($"/api/sessions/{sessionId}/queue", content: null));
            using var stranger = first.Client(buyerId: FirstBuyer + 100);
            await AssertStatusAsync(HttpStatusCode.NotFound, stranger.GetAsync($"/api/sessions/{sessionId}/queue"));
            await AssertStatusAsync(HttpStatusCode.NotFound, stranger.DeleteAsync($"/api/sessions/{sessionId}/queue"));

            // No purchase without a token.
            using (var refused = await IngressInstance.OrderAsync(firstBuyer, sessionId, "no-token", new { seats = new[] { 0 } }))
            {
                await AssertAdmissionRequiredAsync(refused);
            }

            // The shuffle runs at the start with a recorded seed; a later arrival queues behind the pre-queue.
            var shuffled = await Eventually.UntilAsync(() => organizer.GetFromJsonAsync<JsonElement>(RoomPath(sessionId)), view => view.GetProperty("seed").ValueKind == JsonValueKind.Number, "the pre-queue to be shuffled");
            Assert.Equal(8, shuffled.GetProperty("preQueueSize").GetInt32());
            using var lateBuyer = first.Client(buyerId: late);
            using (var lateJoin = await lateBuyer.PostAsync($"/api/sessions/{sessionId}/queue", content: null))
            {
                Assert.False((await lateJoin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("preQueue").GetBoolean());
            }

            var visitors = await Eventually.UntilAsync(() => VisitorsAsync(organizer, sessionId), page => page.Count == 9, "the late arrival to get a position");
            Assert.Equal(Enumerable.Range(1, 9).Select(position => (long)position), visitors.Select(visitor => visitor.GetProperty("position").GetInt64()));
            Assert.Equal(SeededShuffle.Order([.. early.Order()], shuffled.GetProperty("seed").GetInt64()), visitors.Take(8).Select(visitor => visitor.GetProperty("userId").GetInt64()));
            Assert.Equal(late, visitors[8].GetProperty("userId").GetInt64());
            Assert.Equal([true, true, true, true, true, true, true, true, false], visitors.Select(visitor => visitor.GetProperty("preQueue").GetBoolean()));

            // A second instance stands by; the first stops mid-admission (30 a minute: one every two seconds).
            second = await IngressInstance.StartAsync(Services, FastAdmitter);
            await Eventually.UntilAsync(async () => (await organizer.GetFromJsonAsync<JsonElement>(RoomPath(sessionId))).GetProperty("admittedThrough").GetInt64() >= 2, "two visitors to be admitted", TimeSpan.FromSeconds(60));
        }

        await using var secondGuard = second;
        using var organizerThere = ClientOf(second, Organizer, Roles.Buyer, Roles.Organizer);
        List<JsonElement> admittedBefore = [.. (await VisitorsAsync(organizerThere, sessionId)).Where(visitor => visitor.GetProperty("admittedAt").ValueKind != JsonValueKind.Null)];
        Assert.InRange(admittedBefore.Count, 2, 8);
        await Eventually.UntilAsync(async () => (await organizerThere.GetFromJsonAsync<JsonElement>(RoomPath(sessionId))).GetProperty("admittedThrough").GetInt64() == 9, "the other instance to admit the rest", TimeSpan.FromSeconds(60));
        var afterRestart = await VisitorsAsync(organizerThere, sessionId);
        foreach (var admitted in admittedBefore)
        {
            var now = afterRestart.Single(visitor => visitor.GetProperty("position").GetInt64() == admitted.GetProperty("position").GetInt64());
            Assert.Equal((admitted.GetProperty("userId").GetInt64(), admitted.GetProperty("admittedAt").GetDateTimeOffset()), (now.GetProperty("userId").GetInt64(), now.GetProperty("admittedAt").GetDateTimeOffset()));
        }

        // In position order, and none before its turn: position p no earlier than the start plus (p - 1) two-second steps.
        var admittedAt = afterRestart.Select(visitor => visitor.GetProperty("admittedAt").GetDateTimeOffset()).ToList();
        Assert.Equal(admittedAt.Order(), admittedAt);
        for (var i = 0; i < admittedAt.Count; i++)
        {
            Assert.True(admittedAt[i] >= saleStartsAt + TimeSpan.FromSeconds(2 * i) - TimeSpan.FromMilliseconds(500), $"position {i + 1} admitted at {admittedAt[i]:O}, the start {saleStartsAt:O}");
        }

        var store = new WaitingRoomStore(Services.Pg);
        var stored = (await store.GetAsync(sessionId, CancellationToken.None))!;
        Assert.Equal(9, stored.AdmittedCount);
        Assert.Empty(QueueAudit.Check(stored, await store.VisitorsByPositionAsync(sessionId, 0, 100, CancellationToken.None)));

        // The token: another buyer's, another session's, an expired, a forged or a malformed one buys nothing; the buyer's own does.
        var buyerOf = early[3];
        using var owner = second.Client(buyerId: buyerOf);
        var standingNow = await owner.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/queue");
        Assert.Equal("admitted", standingNow.GetProperty("state").GetString());
        var token = standingNow.GetProperty("admissionToken").GetString()!;
        var position = standingNow.GetProperty("position").GetInt64();
        var expiresAt = standingNow.GetProperty("admissionExpiresAt").GetDateTimeOffset();
        var minted = new AdmissionTokens(TestSecrets.AdmissionTokenSecret);
        var refusedKeys = new List<(long Buyer, string Key)>();
        foreach (var (who, key, bad) in new[]
        {
            (early[4], "other-buyers", token),
            (buyerOf, "other-session", minted.Issue(new AdmissionGrant(sessionId + 1, buyerOf, position, expiresAt))),
            (buyerOf, "expired", minted.Issue(new AdmissionGrant(sessionId, buyerOf, position, DateTimeOffset.UtcNow.AddSeconds(-5)))),
            (buyerOf, "forged", new AdmissionTokens(new string('x', 40)).Issue(new AdmissionGrant(sessionId, buyerOf, position, expiresAt))),
            (buyerOf, "malformed", "v1.not-a-token"),
        })
        {
            using var client = second.Client(buyerId: who);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/orders") { Content = JsonContent.Create(new { seats = new[] { 1 } }) };
            request.Headers.Add(OrderEndpoints.IdempotencyKeyHeader, key);
            request.Headers.Add(AdmissionGate.HeaderName, bad);
            using var refused = await client.SendAsync(request);
            await AssertAdmissionRequiredAsync(refused);
            refusedKeys.Add((who, key));
        }

        var orderId = await OrderWithTokenAsync(owner, sessionId, "with-token", token, seat: 2);
        Assert.Equal("held", (await IngressInstance.SettledOrderAsync(owner, orderId)).GetProperty("status").GetString());

        // Decided in the input log's order: had a refused purchase been published, its decision would be known by now.
        foreach (var (who, key) in refusedKeys)
        {
            using var client = second.Client(buyerId: who);
            await AssertStatusAsync(HttpStatusCode.NotFound, client.GetAsync($"/api/orders/{OrderIds.From(who, sessionId, key)}"));
        }

        Assert.Equal("ordered", (await owner.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/queue")).GetProperty("state").GetString());
        var counts = (await organizerThere.GetFromJsonAsync<JsonElement>(RoomPath(sessionId))).GetProperty("counts");
        Assert.Equal((0L, 9L, 0L), (counts.GetProperty("waiting").GetInt64(), counts.GetProperty("admitted").GetInt64(), counts.GetProperty("left").GetInt64()));
    }

    [Fact]
    public async Task A_sell_out_is_told_to_the_queue_at_once_and_a_seat_given_back_is_offered_to_the_waiting_list()
    {
        var sessionId = Random.Shared.NextInt64(1, 1L << 50);
        var partition = SessionPartitioner.PartitionOf(sessionId);
        await using var host = EngineHostProcess.Start(Services, partition);
        await host.WaitForStatusAsync(partition, "Running");
        await using var ingress = await IngressInstance.StartAsync(Services, FastAdmitter);
        using var organizer = ClientOf(ingress, Organizer, Roles.Buyer, Roles.Organizer);

        // Two seats, and a room that admits one buyer a minute: the first is let in at the start, the others wait.
        await CreateSessionWithRoomAsync(organizer, sessionId, DateTimeOffset.UtcNow.AddSeconds(4));
        var ids = new[] { FirstBuyer, FirstBuyer + 1, FirstBuyer + 2 };
        var buyers = ids.Select(id => ingress.Client(buyerId: id)).ToArray();
        foreach (var buyer in buyers)
        {
            await AssertStatusAsync(HttpStatusCode.Created, buyer.PostAsync($"/api/sessions/{sessionId}/queue", content: null));
        }

        var standings = await Eventually.UntilAsync(
            () => Task.WhenAll(buyers.Select(buyer => buyer.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/queue"))),
            all => all.Count(standing => standing.GetProperty("state").GetString() == "admitted") == 1,
            "the first in the queue to be admitted");
        var admitted = Array.FindIndex(standings, standing => standing.GetProperty("state").GetString() == "admitted");
        var waiting = Array.FindIndex(standings, standing => standing.GetProperty("position").GetInt64() == 3);
        Assert.Equal(1L, standings[waiting].GetProperty("ahead").GetInt64());

        // The admitted buyer holds both seats: the room is sold out, and the waiting hear it on their next read.
        var token = standings[admitted].GetProperty("admissionToken").GetString()!;
        var orderId = await OrderWithTokenAsync(buyers[admitted], sessionId, "both", token, seat: 0, seat2: 1);
        Assert.Equal("held", (await IngressInstance.SettledOrderAsync(buyers[admitted], orderId)).GetProperty("status").GetString());
        var soldOut = await Eventually.UntilAsync(
            () => buyers[waiting].GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/queue"),
            standing => standing.GetProperty("soldOut").GetBoolean(),
            "the waiting buyer to be told the session sold out");
        Assert.Equal("waiting", soldOut.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, soldOut.GetProperty("etaSeconds").ValueKind);
        using var anonymous = ingress.Client();
        Assert.True((await anonymous.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/waiting-room")).GetProperty("soldOut").GetBoolean());

        // The hold is cancelled: its seats are offered, with a lifetime of their own, to the waiting list in order.
        await AssertStatusAsync(HttpStatusCode.Accepted, IngressInstance.CancelAsync(buyers[admitted], orderId));
        var offers = await Eventually.UntilAsync(
            () => Task.WhenAll(buyers.Select(buyer => buyer.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/queue"))),
            all => all.Count(standing => standing.GetProperty("offer").GetBoolean()) == 2,
            "the two waiting buyers to be offered the seats given back",
            TimeSpan.FromSeconds(60));
        foreach (var offer in offers.Where(standing => standing.GetProperty("offer").GetBoolean()))
        {
            Assert.Equal("admitted", offer.GetProperty("state").GetString());
            Assert.NotNull(offer.GetProperty("admissionToken").GetString());
            var lifetime = offer.GetProperty("admissionExpiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow;
            Assert.InRange(lifetime, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));
        }

        foreach (var buyer in buyers)
        {
            buyer.Dispose();
        }
    }

    [Fact]
    public async Task A_standing_long_poll_answers_when_the_room_moves_and_the_stream_pushes_each_change()
    {
        var sessionId = Random.Shared.NextInt64(1, 1L << 50);
        await using var ingress = await IngressInstance.StartAsync(Services, FastAdmitter);
        using var organizer = ClientOf(ingress, Organizer, Roles.Buyer, Roles.Organizer);
        await ingress.CreateSessionAsync(sessionId, rows: 1, seatsPerRow: 4, owner: organizer, startsAt: DateTimeOffset.UtcNow.AddDays(1));
        var saleStartsAt = DateTimeOffset.UtcNow.AddSeconds(6);
        await AssertStatusAsync(HttpStatusCode.Created, organizer.PutAsJsonAsync(RoomPath(sessionId), RoomBody(DateTimeOffset.UtcNow.AddMinutes(-1), saleStartsAt, admitPerMinute: 1)));
        using var buyer = ingress.Client(buyerId: FirstBuyer);
        using var later = ingress.Client(buyerId: FirstBuyer + 1);
        await AssertStatusAsync(HttpStatusCode.Created, buyer.PostAsync($"/api/sessions/{sessionId}/queue", content: null));
        await AssertStatusAsync(HttpStatusCode.Created, later.PostAsync($"/api/sessions/{sessionId}/queue", content: null));

        using var events = await later.GetAsync($"/api/sessions/{sessionId}/queue/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
        var first = await NextStandingAsync(reader);
        Assert.Equal(("waiting", true), (first.GetProperty("state").GetString(), first.GetProperty("preQueue").GetBoolean()));

        // Held open until the shuffle moves the room (the start is seconds away, the wait ten), then answered; at most
        // one of the two is admitted by then, and the other's read waits.
        var polls = await Task.WhenAll(new[] { buyer, later }.Select(async client =>
        {
            using var poll = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{sessionId}/queue");
            poll.Headers.Add("Prefer", "wait=10");
            using var answered = await client.SendAsync(poll);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            return (Applied: answered.Headers.TryGetValues("Preference-Applied", out var applied) ? applied.Single() : null, Standing: await answered.Content.ReadFromJsonAsync<JsonElement>());
        }));
        Assert.Contains(polls, poll => poll.Applied == "wait=10");
        Assert.All(polls, poll => Assert.False(poll.Standing.GetProperty("preQueue").GetBoolean()));
        Assert.All(polls, poll => Assert.NotEqual(JsonValueKind.Null, poll.Standing.GetProperty("position").ValueKind));

        // The stream pushes the shuffle's outcome: a position, and either the admission or the place behind it.
        var pushed = await NextStandingAsync(reader);
        Assert.NotEqual(JsonValueKind.Null, pushed.GetProperty("position").ValueKind);
        Assert.Contains(pushed.GetProperty("state").GetString(), new[] { "waiting", "admitted" });
        await AssertStatusAsync(HttpStatusCode.BadRequest, buyer.GetAsync($"/api/sessions/{sessionId}/queue?wait=soon"));

        // Leaving (the one at position 2, whom one a minute does not admit for a minute): 204, then the standing says
        // so; leaving again is 404, and so is leaving once admitted.
        var waitingOne = pushed.GetProperty("position").GetInt64() == 2 ? later : buyer;
        var admittedOne = waitingOne == later ? buyer : later;
        await AssertStatusAsync(HttpStatusCode.NoContent, waitingOne.DeleteAsync($"/api/sessions/{sessionId}/queue"));
        Assert.Equal("left", (await waitingOne.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/queue")).GetProperty("state").GetString());
        await AssertStatusAsync(HttpStatusCode.NotFound, waitingOne.DeleteAsync($"/api/sessions/{sessionId}/queue"));
        await Eventually.UntilAsync(async () => (await admittedOne.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/queue")).GetProperty("state").GetString() == "admitted", "the first in the queue to be admitted");
        await AssertStatusAsync(HttpStatusCode.NotFound, admittedOne.DeleteAsync($"/api/sessions/{sessionId}/queue"));
    }

    private static async Task<JsonElement> NextStandingAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line;
        var isStanding = false;
        while ((line = await reader.ReadLineAsync(timeout.Token)) is not null)
        {
            if (line == "event: standing")
            {
                isStanding = true;
            }
            else if (isStanding && line.StartsWith("data:", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line["data:".Length..]).RootElement.Clone();
            }
        }

        throw new InvalidOperationException("The stream ended without a standing.");
    }

    private static async Task<Guid> OrderWithTokenAsync(HttpClient buyer, long sessionId, string key, string token, int seat, int? seat2 = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/orders")
        {
            Content = JsonContent.Create(new { seats = seat2 is { } more ? new[] { seat, more } : [seat] }),
        };
        request.Headers.Add(OrderEndpoints.IdempotencyKeyHeader, key);
        request.Headers.Add(AdmissionGate.HeaderName, token);
        using var accepted = await buyer.SendAsync(request);
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        return (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
    }

    private static async Task AssertAdmissionRequiredAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(AdmissionGate.ProblemType, problem.GetProperty("type").GetString());
        Assert.Equal(AdmissionGate.ProblemTitle, problem.GetProperty("title").GetString());
    }

    private static async Task AssertStatusAsync(HttpStatusCode expected, Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        Assert.True(response.StatusCode == expected, $"{expected} expected, {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Every positioned visitor, page by page (three a page, so the cursor is followed).</summary>
    private static async Task<List<JsonElement>> VisitorsAsync(HttpClient client, long sessionId)
    {
        var visitors = new List<JsonElement>();
        for (long? after = 0; after is { } cursor;)
        {
            var page = await client.GetFromJsonAsync<JsonElement>(string.Create(CultureInfo.InvariantCulture, $"{RoomPath(sessionId)}/visitors?after={cursor}&limit=3"));
            visitors.AddRange(page.GetProperty("visitors").EnumerateArray().Select(visitor => visitor.Clone()));
            after = page.GetProperty("next").ValueKind == JsonValueKind.Number ? page.GetProperty("next").GetInt64() : null;
        }

        return visitors;
    }

    /// <summary>A session of two seats created with its room in one request: admission one buyer a minute from <paramref name="saleStartsAt"/>.</summary>
    private static async Task CreateSessionWithRoomAsync(HttpClient organizer, long sessionId, DateTimeOffset saleStartsAt)
    {
        var hallId = Random.Shared.NextInt64(1, 1L << 50);
        using (var hall = await organizer.PutAsJsonAsync($"/api/admin/halls/{hallId}", new { name = "Room hall", rows = new[] { new { label = "A", categories = new int[2] } } }))
        {
            Assert.True(hall.IsSuccessStatusCode, await hall.Content.ReadAsStringAsync());
        }

        var session = new
        {
            id = sessionId,
            hallId,
            title = "Queued show",
            startsAt = DateTimeOffset.UtcNow.AddDays(1),
            prices = new[] { 5_000L },
            currency = "EUR",
            holdTimeoutSeconds = 600,
            maxSeatsPerBuyer = 2,
            waitingRoom = new { opensAt = DateTimeOffset.UtcNow.AddMinutes(-1), saleStartsAt, mode = "rate", admitPerMinute = 1, offerMinutes = 2 },
        };
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, organizer.PostAsJsonAsync("/api/admin/sessions", session with { waitingRoom = session.waitingRoom with { admitPerMinute = 0 } }));
        await AssertStatusAsync(HttpStatusCode.Created, organizer.PostAsJsonAsync("/api/admin/sessions", session));
    }

    private static object RoomBody(DateTimeOffset opensAt, DateTimeOffset saleStartsAt, int admitPerMinute) =>
        new { opensAt, saleStartsAt, mode = "rate", admitPerMinute, admissionMinutes = 10, offerMinutes = 5 };

    private static string RoomPath(long sessionId) => string.Create(CultureInfo.InvariantCulture, $"/api/admin/sessions/{sessionId}/waiting-room");

    private static HttpClient ClientOf(IngressInstance ingress, long userId, params string[] roles)
    {
        var client = ingress.Client();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestSecrets.TokenFor(userId, roles));
        return client;
    }
}
