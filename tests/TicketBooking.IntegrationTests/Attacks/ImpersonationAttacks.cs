using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.IntegrationTests.Wallet;
using TicketBooking.Messaging;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.IntegrationTests.Attacks;

/// <summary>
/// Acting as someone else against the real ingress and wallet: every forged identity is refused, another buyer's
/// order and money stay out of reach, and nothing reaches the input log or the ledger.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class ImpersonationAttacks(ServicesFixture services)
{
    private const long Victim = 4_200_001;

    [Fact]
    public async Task Forged_expired_unsigned_and_header_identities_are_refused_everywhere()
    {
        var js = new NatsJSContext(services.Nats);
        await JetStreamSetup.EnsureStreamsAsync(js, new StreamSettings(), CancellationToken.None);
        await using var ingress = await IngressInstance.StartAsync(services);
        await using var wallet = await WalletInstance.StartApiOnlyAsync(services);
        var session = await ingress.CreateSessionAsync(Random.Shared.NextInt64(1, 1L << 50), rows: 1, seatsPerRow: 4);
        var inputs = await InputCountAsync(js);
        var now = DateTimeOffset.UtcNow;
        var forged = new AccessTokens(new TokenOptions { TokenKey = Convert.ToBase64String(new byte[32]) }).Issue(Victim, [Roles.Buyer, Roles.Admin], now);
        var expired = new AccessTokens(new TokenOptions { TokenKey = TestSecrets.TokenKey }).Issue(Victim, [Roles.Buyer], now.AddHours(-2));
        var unsigned = Unsigned(Victim);
        var otherIssuer = new AccessTokens(new TokenOptions { TokenKey = TestSecrets.TokenKey, Issuer = "someone-else" }).Issue(Victim, [Roles.Buyer], now);

        foreach (var token in new[] { forged, expired, unsigned, otherIssuer, "not-a-jwt" })
        {
            using var ingressClient = WithToken(ingress.Address, token);
            using var walletClient = WithToken(wallet.Address, token);
            await AssertStatusAsync(HttpStatusCode.Unauthorized, await IngressInstance.OrderAsync(ingressClient, session, Guid.NewGuid().ToString(), new { seats = new[] { 0 } }));
            await AssertStatusAsync(HttpStatusCode.Unauthorized, await ingressClient.PostAsJsonAsync("/api/admin/sessions", new { hallId = 1 }));
            await AssertStatusAsync(HttpStatusCode.Unauthorized, await walletClient.GetAsync("/api/wallet/ledger"));
            await AssertStatusAsync(HttpStatusCode.Unauthorized, await walletClient.PostAsJsonAsync("/api/admin/wallet/credits", new { buyerId = Victim, amount = 1, currency = "EUR", reason = "x" }));
        }

        using var header = new HttpClient { BaseAddress = ingress.Address };
        header.DefaultRequestHeaders.Add("X-Buyer-Id", Victim.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await AssertStatusAsync(HttpStatusCode.Unauthorized, await IngressInstance.OrderAsync(header, session, "as-victim", new { seats = new[] { 0 } }));

        Assert.Equal(inputs, await InputCountAsync(js));
    }

    [Fact]
    public async Task Another_buyers_order_and_money_are_out_of_reach()
    {
        var js = new NatsJSContext(services.Nats);
        await JetStreamSetup.EnsureStreamsAsync(js, new StreamSettings(), CancellationToken.None);
        await using var ingress = await IngressInstance.StartAsync(services);
        await using var wallet = await WalletInstance.StartApiOnlyAsync(services);
        var buyers = new TestBuyers(services.Pg);
        var victimId = buyers.Next();
        var attackerId = buyers.Next();
        try
        {
            using var victimWallet = wallet.Client(victimId);
            await victimWallet.FundAsync(10_000);
            using var attackerWallet = wallet.Client(attackerId);
            await attackerWallet.FundAsync(0);
            var session = await ingress.CreateSessionAsync(Random.Shared.NextInt64(1, 1L << 50), rows: 1, seatsPerRow: 4);
            using var victim = ingress.Client(victimId);
            using var attacker = ingress.Client(attackerId);
            using var accepted = await IngressInstance.OrderAsync(victim, session, "victim-order", new { seats = new[] { 1 } });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var orderId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
            var inputs = await InputCountAsync(js);
            var statement = await buyers.StatementAsync();

            await AssertStatusAsync(HttpStatusCode.NotFound, await attacker.GetAsync($"/api/orders/{orderId}"));
            await AssertStatusAsync(HttpStatusCode.NotFound, await IngressInstance.CancelAsync(attacker, orderId));
            await AssertStatusAsync(HttpStatusCode.Forbidden, await attacker.PutAsJsonAsync("/api/admin/halls/1", new { name = "mine", rows = new[] { new { label = "A", categories = new[] { 0 } } } }));
            await AssertStatusAsync(HttpStatusCode.Forbidden, await attackerWallet.Http.PostAsJsonAsync($"/api/admin/users/{victimId}/block", new { reason = "spite" }));
            var attackerLedger = await attackerWallet.Http.GetFromJsonAsync<JsonElement>("/api/wallet/ledger");
            Assert.Empty(attackerLedger.GetProperty("entries").EnumerateArray());
            Assert.Equal(0, (await attackerWallet.AccountAsync())!.Balance);

            Assert.Equal(inputs, await InputCountAsync(js));
            Assert.Equal(statement, await buyers.StatementAsync());
        }
        finally
        {
            await buyers.DeleteAsync();
        }
    }

    [Fact]
    public async Task An_organizer_cannot_change_or_sell_in_another_organizers_hall()
    {
        var js = new NatsJSContext(services.Nats);
        await JetStreamSetup.EnsureStreamsAsync(js, new StreamSettings(), CancellationToken.None);
        await using var ingress = await IngressInstance.StartAsync(services);
        using var owner = WithToken(ingress.Address, TestSecrets.TokenFor(4_300_001, Roles.Buyer, Roles.Organizer));
        using var rival = WithToken(ingress.Address, TestSecrets.TokenFor(4_300_002, Roles.Buyer, Roles.Organizer));
        using var admin = ingress.Client(admin: true);
        var hallId = Random.Shared.NextInt64(1, 1L << 50);
        var hall = new { name = "Owner's hall", rows = new[] { new { label = "A", categories = new[] { 0, 0 } } } };
        await AssertStatusAsync(HttpStatusCode.OK, await owner.PutAsJsonAsync($"/api/admin/halls/{hallId}", hall));
        var inputs = await InputCountAsync(js);

        await AssertStatusAsync(HttpStatusCode.Forbidden, await rival.PutAsJsonAsync($"/api/admin/halls/{hallId}", hall with { name = "Taken over" }));
        await AssertStatusAsync(HttpStatusCode.Forbidden, await rival.PostAsJsonAsync("/api/admin/sessions", Session(hallId)));
        Assert.Equal(inputs, await InputCountAsync(js));

        await AssertStatusAsync(HttpStatusCode.OK, await admin.PutAsJsonAsync($"/api/admin/halls/{hallId}", hall with { name = "Renamed by an admin" }));
        await AssertStatusAsync(HttpStatusCode.Created, await owner.PostAsJsonAsync("/api/admin/sessions", Session(hallId)));
    }

    private static object Session(long hallId) => new
    {
        hallId,
        title = "Show",
        startsAt = DateTimeOffset.UtcNow.AddDays(1),
        prices = new[] { 5_000L },
        currency = "EUR",
        holdTimeoutSeconds = 600,
        maxSeatsPerBuyer = 2,
    };

    private static string Unsigned(long userId)
    {
        static string Part(object value) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return $"{Part(new { alg = "none", typ = "JWT" })}.{Part(new { sub = userId.ToString(System.Globalization.CultureInfo.InvariantCulture), role = new[] { "buyer", "admin" }, iss = "ticketbooking", aud = "ticketbooking", exp })}.";
    }

    private static HttpClient WithToken(Uri address, string token)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// The inputs of buyers and organizers in TB_INPUT (purchases, cancellations, sessions, alone or batched), not the
    /// engine hosts' ticks, which other tests' hosts may still be publishing.
    /// </summary>
    private static async Task<long> InputCountAsync(NatsJSContext js)
    {
        var stream = await js.GetStreamAsync(Subjects.InputStream, new StreamInfoRequest { SubjectsFilter = Subjects.AllInputs });
        return stream.Info.State.Subjects?.Where(subject => !subject.Key.EndsWith(".tick", StringComparison.Ordinal)).Sum(subject => subject.Value) ?? 0;
    }

    private static async Task AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(expected == response.StatusCode, $"Expected {expected}, got {response.StatusCode}: {body}");
            if ((int)expected >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }
}
