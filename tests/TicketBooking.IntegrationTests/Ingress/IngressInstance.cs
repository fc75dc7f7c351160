using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TicketBooking.Ingress;

namespace TicketBooking.IntegrationTests.Ingress;

/// <summary>An ingress running in this process on a free loopback port, spoken to over real HTTP.</summary>
internal sealed class IngressInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IngressInstance(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static Task<IngressInstance> StartAsync(ServicesFixture services, params string[] settings) =>
        StartAsync(services, logs: null, settings);

    /// <summary>An ingress whose logs (at the configured levels) also go to <paramref name="logs"/>.</summary>
    public static async Task<IngressInstance> StartAsync(ServicesFixture services, ILoggerProvider? logs, params string[] settings)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--TB_NATS_URL={services.NatsUrl}",
            .. services.NatsArgumentsOf("ingress"),
            $"--TB_PG={services.PgConnectionString}",
            .. TestSecrets.Arguments,
            "--Ingress:CatalogRefreshInterval=00:00:01",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ];
        var app = IngressHost.Build(args);
        if (logs is not null)
        {
            app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        }

        await app.StartAsync();
        return new IngressInstance(app, new Uri(app.Urls.First()));
    }

    /// <summary>A client signed in as buyer <paramref name="buyerId"/>, or as an administrator, or anonymous.</summary>
    public HttpClient Client(long? buyerId = null, bool admin = false)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        var token = admin ? TestSecrets.AdminToken() : buyerId is { } buyer ? TestSecrets.TokenFor(buyer) : null;
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    /// <summary>
    /// A hall of <paramref name="rows"/> x <paramref name="seatsPerRow"/> (even rows category 0, odd rows 1) and a session on sale in it,
    /// created (and so owned) by <paramref name="owner"/>, an admin unless given.
    /// </summary>
    public async Task<long> CreateSessionAsync(long sessionId, int rows, int seatsPerRow, int maxSeatsPerBuyer = 4, DateTimeOffset? startsAt = null, HttpClient? owner = null)
    {
        using var adminClient = Client(admin: true);
        var admin = owner ?? adminClient;
        var hallId = Random.Shared.NextInt64(1, 1L << 50);
        var hall = await admin.PutAsJsonAsync($"/api/admin/halls/{hallId}", new
        {
            name = "Test hall",
            rows = Enumerable.Range(0, rows).Select(row => new { label = $"R{row + 1}", categories = Enumerable.Repeat(row % 2, seatsPerRow).ToArray() }),
        });
        Assert.True(hall.IsSuccessStatusCode, await hall.Content.ReadAsStringAsync());
        var session = await admin.PostAsJsonAsync("/api/admin/sessions", new
        {
            id = sessionId,
            hallId,
            title = "Test show",
            startsAt = startsAt ?? DateTimeOffset.UtcNow.AddDays(1),
            prices = new[] { 7_000L, 4_000L },
            currency = "EUR",
            holdTimeoutSeconds = 600,
            maxSeatsPerBuyer,
        });
        Assert.True(session.StatusCode == System.Net.HttpStatusCode.Created, await session.Content.ReadAsStringAsync());
        return sessionId;
    }

    /// <summary>Every session on sale, page after page (the list is paged; the Link header names the next page).</summary>
    public static async Task<List<JsonElement>> ListedSessionsAsync(HttpClient client)
    {
        var sessions = new List<JsonElement>();
        for (string? next = "/api/sessions?limit=200"; next is not null;)
        {
            using var response = await client.GetAsync(next);
            response.EnsureSuccessStatusCode();
            sessions.AddRange((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single()[1..links.Single().IndexOf('>', StringComparison.Ordinal)] : null;
        }

        return sessions;
    }

    public static async Task<HttpResponseMessage> OrderAsync(HttpClient buyer, long sessionId, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await buyer.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> CancelAsync(HttpClient buyer, Guid orderId) =>
        await buyer.PostAsync($"/api/orders/{orderId}/cancel", content: null);

    /// <summary>The order's JSON once its status is <paramref name="status"/>.</summary>
    public static async Task<JsonElement> OrderInStatusAsync(HttpClient buyer, Guid orderId, string status)
    {
        var order = default(JsonElement);
        await Eventually.UntilAsync(async () =>
        {
            using var response = await buyer.GetAsync($"/api/orders/{orderId}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            order = await response.Content.ReadFromJsonAsync<JsonElement>();
            return order.GetProperty("status").GetString() == status;
        }, $"order {orderId} to be {status}");
        return order;
    }

    /// <summary>
    /// The order's JSON once its status is no longer pending. A 404 counts as not yet: with a small cache
    /// an accepted order can be evicted before its decision reaches the PostgreSQL projection.
    /// </summary>
    public static async Task<JsonElement> SettledOrderAsync(HttpClient buyer, Guid orderId)
    {
        var order = default(JsonElement);
        await Eventually.UntilAsync(async () =>
        {
            using var response = await buyer.GetAsync($"/api/orders/{orderId}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            response.EnsureSuccessStatusCode();
            order = await response.Content.ReadFromJsonAsync<JsonElement>();
            return order.GetProperty("status").GetString() != "pending";
        }, $"order {orderId} to be decided");
        return order;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
