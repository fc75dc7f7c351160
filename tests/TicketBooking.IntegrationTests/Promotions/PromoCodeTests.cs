using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.Contracts;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.IntegrationTests.Ops;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.IntegrationTests.Promotions;

/// <summary>
/// Issue 14, promo codes against the real services: an organizer creates a code for its session, a buyer's held order
/// is discounted by it (and by points), a buyer beyond the code's uses is rejected with the reason, and a cancelled or
/// an expired order gives its use back. On services of its own (<see cref="IsolatedServices"/>): the ingress's
/// permission to publish <c>tb.in.{p}._.promo</c> is this checkout's nats.conf, and the organizer's list of codes
/// holds only this run's.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class PromoCodeTests : IAsyncLifetime
{
    private const long Organizer = 7_140_001;
    private const long OtherOrganizer = 7_140_002;
    private const long SeatPrice = 7_000;

    // Fixed once, so that a request sent again is the same request.
    private readonly DateTimeOffset _validFrom = DateTimeOffset.UtcNow.AddMinutes(-1);
    private readonly DateTimeOffset _validUntil = DateTimeOffset.UtcNow.AddDays(1);
    private IsolatedServices? _isolated;

    private ServicesFixture Services => _isolated?.Services ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        _isolated = await IsolatedServices.StartAsync("tb_it_promo_");
    }

    public async Task DisposeAsync()
    {
        if (_isolated is not null)
        {
            await _isolated.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_code_discounts_held_orders_within_its_uses_and_a_cancelled_or_expired_order_gives_its_use_back()
    {
        var (longHolds, shortHolds) = TwoSessionsOfOnePartition();
        var partition = SessionPartitioner.PartitionOf(longHolds);
        await using var host = EngineHostProcess.Start(Services, partition);
        await host.WaitForStatusAsync(partition, "Running");
        await using var ingress = await IngressInstance.StartAsync(Services);
        using var organizer = Client(ingress, Organizer, Roles.Buyer, Roles.Organizer);
        await CreateSessionAsync(organizer, longHolds, holdTimeoutSeconds: 600);
        await CreateSessionAsync(organizer, shortHolds, holdTimeoutSeconds: 2);

        var code = UniqueCode("SPRING");
        using var other = Client(ingress, OtherOrganizer, Roles.Buyer, Roles.Organizer);
        using (var foreign = await other.PostAsJsonAsync("/api/admin/promo-codes", CodeBody(code, [longHolds], maxUses: 1)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        }

        using (var invalid = await organizer.PostAsJsonAsync("/api/admin/promo-codes", CodeBody(code, [longHolds], maxUses: 1, value: 0)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        }

        var created = await CreateCodeAsync(organizer, CodeBody(code.ToLowerInvariant(), [longHolds], maxUses: 1));
        Assert.Equal((code, "defined"), (created.GetProperty("code").GetString(), created.GetProperty("state").GetString()));
        using (var again = await organizer.PostAsJsonAsync("/api/admin/promo-codes", CodeBody(code, [longHolds], maxUses: 1)))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
            Assert.Equal(created.GetProperty("id").GetInt64(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        using (var listed = await organizer.GetAsync("/api/admin/promo-codes"))
        {
            Assert.Equal([code], (await listed.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        }

        using (var notTheirs = await other.GetAsync("/api/admin/promo-codes"))
        {
            Assert.Empty((await notTheirs.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        }

        using var first = ingress.Client(buyerId: 71_401);
        using var second = ingress.Client(buyerId: 71_402);

        // 25% off two seats of 7,000, then 500 points: 14,000 - 3,500 - 500.
        var held = await OrderAsync(first, longHolds, "first", new { seats = new[] { 0, 1 }, promoCode = code.ToLowerInvariant(), points = 500 }, "held");
        Assert.Equal((10_000L, 14_000L, 3_500L, 500L), Prices(held));

        var usedUp = await OrderAsync(second, longHolds, "second", new { seats = new[] { 2 }, promoCode = code }, "rejected");
        Assert.Equal("PromoCodeUsedUp", usedUp.GetProperty("reason").GetString());
        Assert.Equal("the promo code has been used up", usedUp.GetProperty("reasonText").GetString());

        using (var cancel = await IngressInstance.CancelAsync(first, held.GetProperty("orderId").GetGuid()))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }

        await IngressInstance.OrderInStatusAsync(first, held.GetProperty("orderId").GetGuid(), "cancelled");
        var afterCancel = await OrderAsync(second, longHolds, "second-again", new { seats = new[] { 2 }, promoCode = code }, "held");
        Assert.Equal((5_250L, SeatPrice, 1_750L, 0L), Prices(afterCancel));

        var shortCode = UniqueCode("QUICK");
        await CreateCodeAsync(organizer, CodeBody(shortCode, [shortHolds], maxUses: 1, kind: "fixed", value: 1_000));
        var expiring = await OrderAsync(first, shortHolds, "expiring", new { seats = new[] { 0 }, promoCode = shortCode }, "held");
        Assert.Equal((6_000L, SeatPrice, 1_000L, 0L), Prices(expiring));
        await IngressInstance.OrderInStatusAsync(first, expiring.GetProperty("orderId").GetGuid(), "expired");
        var afterExpiry = await OrderAsync(second, shortHolds, "after-expiry", new { seats = new[] { 1 }, promoCode = shortCode }, "held");
        Assert.Equal(1_000L, afterExpiry.GetProperty("promoDiscount").GetInt64());

        var unknown = await OrderAsync(second, longHolds, "unknown", new { seats = new[] { 5 }, promoCode = UniqueCode("NONE") }, "rejected");
        Assert.Equal("UnknownPromoCode", unknown.GetProperty("reason").GetString());
        using (var badCode = await IngressInstance.OrderAsync(second, longHolds, "bad-code", new { seats = new[] { 6 }, promoCode = "no!" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, badCode.StatusCode);
        }

        using (var badPoints = await IngressInstance.OrderAsync(second, longHolds, "bad-points", new { seats = new[] { 6 }, points = -1 }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, badPoints.StatusCode);
        }

        // The journal with definitions and discounted orders audits clean, and its fold is the live state.
        var verify = await OpsCliRun.RunProcessAsync(Services, "verify", "--partition", partition.ToString(CultureInfo.InvariantCulture));
        Assert.True(verify.ExitCode == 0, $"tb-ops verify failed: {verify}");
    }

    private static HttpClient Client(IngressInstance ingress, long userId, params string[] roles)
    {
        var client = ingress.Client();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestSecrets.TokenFor(userId, roles));
        return client;
    }

    private static string UniqueCode(string prefix) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{Guid.NewGuid():N}")[..24].ToUpperInvariant();

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

    private object CodeBody(string code, long[] sessions, long maxUses, string kind = "percent", long value = 25) => new
    {
        code,
        kind,
        value,
        validFrom = _validFrom,
        validUntil = _validUntil,
        maxUses,
        sessionIds = sessions,
    };

    private static async Task<JsonElement> CreateCodeAsync(HttpClient organizer, object body)
    {
        using var response = await organizer.PostAsJsonAsync("/api/admin/promo-codes", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task CreateSessionAsync(HttpClient organizer, long sessionId, int holdTimeoutSeconds)
    {
        var hallId = Random.Shared.NextInt64(1, 1L << 50);
        using var hall = await organizer.PutAsJsonAsync($"/api/admin/halls/{hallId}", new
        {
            name = "Promo hall",
            rows = new[] { new { label = "A", categories = new int[10] } },
        });
        Assert.True(hall.IsSuccessStatusCode, await hall.Content.ReadAsStringAsync());
        using var session = await organizer.PostAsJsonAsync("/api/admin/sessions", new
        {
            id = sessionId,
            hallId,
            title = "Promo show",
            startsAt = DateTimeOffset.UtcNow.AddDays(1),
            prices = new[] { SeatPrice },
            currency = "EUR",
            holdTimeoutSeconds,
            maxSeatsPerBuyer = 4,
        });
        Assert.True(session.StatusCode == HttpStatusCode.Created, await session.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> OrderAsync(HttpClient buyer, long sessionId, string key, object body, string status)
    {
        using var response = await IngressInstance.OrderAsync(buyer, sessionId, key, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var orderId = JsonDocument.Parse(text).RootElement.GetProperty("orderId").GetGuid();
        var order = await IngressInstance.SettledOrderAsync(buyer, orderId);
        Assert.True(order.GetProperty("status").GetString() == status, order.ToString());
        return order;
    }

    private static (long Amount, long ListAmount, long PromoDiscount, long PointsSpent) Prices(JsonElement order) =>
        (order.GetProperty("amount").GetInt64(),
         order.GetProperty("listAmount").GetInt64(),
         order.GetProperty("promoDiscount").GetInt64(),
         order.GetProperty("pointsSpent").GetInt64());
}
