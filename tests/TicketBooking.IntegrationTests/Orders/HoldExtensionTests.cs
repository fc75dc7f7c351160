using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.Contracts;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.IntegrationTests.Ops;
using TicketBooking.IntegrationTests.Projections;

namespace TicketBooking.IntegrationTests.Orders;

/// <summary>
/// Issue 15, item 5: a held order extended over HTTP a limited number of times, and the per-buyer limits a buyer
/// reads, against a real engine partition, nats-server, PostgreSQL and projections worker. No wallet runs, so holds
/// stay held. On services of its own (<see cref="IsolatedServices"/>): the ingress's permission to publish
/// <c>tb.in.{session}.extend</c> is this checkout's nats.conf.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class HoldExtensionTests : IAsyncLifetime
{
    private const long Buyer = 71_501;
    private const long OtherBuyer = 71_502;
    private const int HoldTimeoutSeconds = 600;
    private const int MaxSeatsPerBuyer = 4;
    private const int Extensions = 2;

    private IsolatedServices? _isolated;

    private ServicesFixture Services => _isolated?.Services ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        _isolated = await IsolatedServices.StartAsync("tb_it_hold_");
    }

    public async Task DisposeAsync()
    {
        if (_isolated is not null)
        {
            await _isolated.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_buyer_extends_an_own_hold_as_often_as_the_session_allows_and_reads_the_seats_left_across_orders()
    {
        var (extendable, fixedHolds) = TwoSessionsOfOnePartition();
        var partition = SessionPartitioner.PartitionOf(extendable);
        await using var host = EngineHostProcess.Start(Services, partition);
        await host.WaitForStatusAsync(partition, "Running");
        await using var projector = await ProjectorProcess.StartAsync(Services);
        // The test reads and polls one buyer's orders faster than the 20 a second a buyer may send.
        await using var ingress = await IngressInstance.StartAsync(Services, "--Ingress:BuyerRatePermits=10000");
        using var admin = ingress.Client(admin: true);
        await CreateSessionAsync(admin, extendable, Extensions);
        await CreateSessionAsync(admin, fixedHolds, maxHoldExtensions: 0);
        using (var tooMany = await admin.PostAsJsonAsync("/api/admin/sessions", SessionBody(fixedHolds + 1, await CreateHallAsync(admin), maxHoldExtensions: 11)))
        {
            await AssertProblemAsync(tooMany, HttpStatusCode.UnprocessableEntity, "maxHoldExtensions");
        }

        using (var details = await admin.GetAsync($"/api/sessions/{extendable}"))
        {
            var session = (await details.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session");
            Assert.Equal(Extensions, session.GetProperty("maxHoldExtensions").GetInt32());
        }

        using var buyer = ingress.Client(Buyer);
        using var other = ingress.Client(OtherBuyer);
        Assert.Equal((MaxSeatsPerBuyer, 0, MaxSeatsPerBuyer, Extensions), await LimitsAsync(buyer, extendable));

        var first = await HeldOrderAsync(buyer, extendable, "first", [0, 1]);
        var second = await HeldOrderAsync(buyer, extendable, "second", [2]);
        Assert.Equal((MaxSeatsPerBuyer, 3, 1, Extensions), await LimitsAsync(buyer, extendable));
        Assert.Equal((MaxSeatsPerBuyer, 0, MaxSeatsPerBuyer, Extensions), await LimitsAsync(other, extendable));
        Assert.Equal((0, Extensions), (first.GetProperty("extensionsUsed").GetInt32(), first.GetProperty("extensionsLeft").GetInt32()));

        // Another buyer's order is not there for them; an unknown one neither.
        using (var notTheirs = await other.PostAsync($"/api/orders/{OrderId(first)}/extend", content: null))
        {
            await AssertProblemAsync(notTheirs, HttpStatusCode.NotFound, OrderId(first).ToString());
        }

        using (var unknown = await buyer.PostAsync($"/api/orders/{Guid.NewGuid()}/extend", content: null))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var deadline = first.GetProperty("holdDeadline").GetDateTimeOffset();
        for (var used = 1; used <= Extensions; used++)
        {
            using (var extend = await buyer.PostAsync($"/api/orders/{OrderId(first)}/extend", content: null))
            {
                Assert.True(extend.StatusCode == HttpStatusCode.Accepted, await extend.Content.ReadAsStringAsync());
                Assert.Equal($"/api/orders/{OrderId(first)}", extend.Headers.Location?.OriginalString);
            }

            var extended = await OrderWithExtensionsAsync(buyer, OrderId(first), used);
            Assert.Equal(("held", Extensions - used), (extended.GetProperty("status").GetString(), extended.GetProperty("extensionsLeft").GetInt32()));
            var newDeadline = extended.GetProperty("holdDeadline").GetDateTimeOffset();
            Assert.True(newDeadline >= deadline, $"{newDeadline:O} is before {deadline:O}.");
            deadline = newDeadline;
        }

        using (var beyond = await buyer.PostAsync($"/api/orders/{OrderId(first)}/extend", content: null))
        {
            await AssertProblemAsync(beyond, HttpStatusCode.Conflict, "as often as this session allows");
        }

        var fixedHold = await HeldOrderAsync(buyer, fixedHolds, "fixed", [0]);
        using (var disabled = await buyer.PostAsync($"/api/orders/{OrderId(fixedHold)}/extend", content: null))
        {
            await AssertProblemAsync(disabled, HttpStatusCode.Conflict, "does not allow extending");
        }

        using (var cancel = await IngressInstance.CancelAsync(buyer, OrderId(second)))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }

        await IngressInstance.OrderInStatusAsync(buyer, OrderId(second), "cancelled");
        using (var cancelled = await buyer.PostAsync($"/api/orders/{OrderId(second)}/extend", content: null))
        {
            await AssertProblemAsync(cancelled, HttpStatusCode.Conflict, "only a held order");
        }

        Assert.Equal((MaxSeatsPerBuyer, 2, 2, Extensions), await LimitsAsync(buyer, extendable));

        // An ingress that keeps one order in memory reads the extended order and the limits from the projection.
        await using var later = await IngressInstance.StartAsync(Services, "--Ingress:OrderCacheCapacity=1", "--Ingress:BuyerRatePermits=10000");
        using var laterBuyer = later.Client(Buyer);
        var projected = await OrderWithExtensionsAsync(laterBuyer, OrderId(first), Extensions);
        Assert.Equal(deadline, projected.GetProperty("holdDeadline").GetDateTimeOffset());
        using (var beyondThere = await laterBuyer.PostAsync($"/api/orders/{OrderId(first)}/extend", content: null))
        {
            await AssertProblemAsync(beyondThere, HttpStatusCode.Conflict, "as often as this session allows");
        }

        await Eventually.UntilAsync(
            () => LimitsAsync(laterBuyer, extendable),
            limits => limits == (MaxSeatsPerBuyer, 2, 2, Extensions),
            "the later ingress's limits to count the two held seats");

        // The journal with its extensions audits clean, and its fold is the live state.
        var verify = await OpsCliRun.RunProcessAsync(Services, "verify", "--partition", partition.ToString(CultureInfo.InvariantCulture));
        Assert.True(verify.ExitCode == 0, $"tb-ops verify failed: {verify}");
    }

    private static Guid OrderId(JsonElement order) => order.GetProperty("orderId").GetGuid();

    private static async Task<JsonElement> HeldOrderAsync(HttpClient buyer, long sessionId, string key, int[] seats)
    {
        using var response = await IngressInstance.OrderAsync(buyer, sessionId, key, new { seats });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
        return await IngressInstance.OrderInStatusAsync(buyer, orderId, "held");
    }

    private static Task<JsonElement> OrderWithExtensionsAsync(HttpClient buyer, Guid orderId, int used) =>
        Eventually.UntilAsync(
            async () =>
            {
                using var response = await buyer.GetAsync($"/api/orders/{orderId}");
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            },
            order => order.ValueKind == JsonValueKind.Object && order.GetProperty("extensionsUsed").GetInt32() == used,
            $"order {orderId} to show {used} extensions");

    private static async Task<(int Max, int Taken, int Left, int Extensions)> LimitsAsync(HttpClient buyer, long sessionId)
    {
        using var response = await buyer.GetAsync($"/api/sessions/{sessionId}/limits");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var limits = JsonDocument.Parse(text).RootElement;
        return (limits.GetProperty("maxSeatsPerBuyer").GetInt32(), limits.GetProperty("seatsTaken").GetInt32(),
            limits.GetProperty("seatsLeft").GetInt32(), limits.GetProperty("maxHoldExtensions").GetInt32());
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detailContains, text, StringComparison.Ordinal);
    }

    private static async Task<long> CreateHallAsync(HttpClient admin)
    {
        var hallId = Random.Shared.NextInt64(1, 1L << 50);
        using var hall = await admin.PutAsJsonAsync($"/api/admin/halls/{hallId}", new
        {
            name = "Hold hall",
            rows = new[] { new { label = "A", categories = new int[10] } },
        });
        Assert.True(hall.IsSuccessStatusCode, await hall.Content.ReadAsStringAsync());
        return hallId;
    }

    private static async Task CreateSessionAsync(HttpClient admin, long sessionId, int maxHoldExtensions)
    {
        using var session = await admin.PostAsJsonAsync("/api/admin/sessions", SessionBody(sessionId, await CreateHallAsync(admin), maxHoldExtensions));
        Assert.True(session.StatusCode == HttpStatusCode.Created, await session.Content.ReadAsStringAsync());
    }

    private static object SessionBody(long sessionId, long hallId, int maxHoldExtensions) => new
    {
        id = sessionId,
        hallId,
        title = "Hold show",
        startsAt = DateTimeOffset.UtcNow.AddDays(1),
        prices = new[] { 7_000L },
        currency = "EUR",
        holdTimeoutSeconds = HoldTimeoutSeconds,
        maxSeatsPerBuyer = MaxSeatsPerBuyer,
        maxHoldExtensions,
    };

    /// <summary>Two session ids that nats-server maps to one partition, so that one engine partition decides both.</summary>
    private static (long, long) TwoSessionsOfOnePartition()
    {
        var first = Random.Shared.NextInt64(1, 1L << 50);
        var second = first + 1;
        while (SessionPartitioner.PartitionOf(second) != SessionPartitioner.PartitionOf(first))
        {
            second++;
        }

        return (first, second);
    }
}
