using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.IntegrationTests.Wallet;
using TicketBooking.Wallet.Accounts;

namespace TicketBooking.IntegrationTests.Journey;

/// <summary>What a buyer (and an admin) does over the public HTTP APIs of the ingress and the wallet.</summary>
internal static class JourneyApi
{
    /// <summary>Price of a seat in row 0 (category 0); row 1 (category 1) costs <see cref="Row1Price"/>, and so on alternately.</summary>
    public const long Row0Price = 7_000;

    public const long Row1Price = 4_000;

    /// <summary>
    /// A hall of <paramref name="rows"/> x <paramref name="seatsPerRow"/> (even rows category 0 at <see cref="Row0Price"/>,
    /// odd rows category 1 at <see cref="Row1Price"/>) and a session on sale in it whose holds last
    /// <paramref name="holdTimeoutSeconds"/>, through the admin API.
    /// </summary>
    public static async Task<long> CreateSessionAsync(IngressInstance ingress, long sessionId, int rows, int seatsPerRow, int holdTimeoutSeconds, int maxSeatsPerBuyer = 4)
    {
        using var admin = ingress.Client(admin: true);
        var hallId = Random.Shared.NextInt64(1, 1L << 50);
        using var hall = await admin.PutAsJsonAsync($"/api/admin/halls/{hallId}", new
        {
            name = "Journey hall",
            rows = Enumerable.Range(0, rows).Select(row => new { label = $"R{row + 1}", categories = Enumerable.Repeat(row % 2, seatsPerRow).ToArray() }),
        });
        Assert.True(hall.IsSuccessStatusCode, await hall.Content.ReadAsStringAsync());
        using var session = await admin.PostAsJsonAsync("/api/admin/sessions", new
        {
            id = sessionId,
            hallId,
            title = "Journey show",
            startsAt = DateTimeOffset.UtcNow.AddDays(1),
            prices = new[] { Row0Price, Row1Price },
            currency = "EUR",
            holdTimeoutSeconds,
            maxSeatsPerBuyer,
        });
        Assert.True(session.StatusCode == HttpStatusCode.Created, await session.Content.ReadAsStringAsync());
        return sessionId;
    }

    /// <summary>Orders <paramref name="seats"/> and returns the order id of the 202.</summary>
    public static async Task<Guid> PlaceOrderAsync(HttpClient buyer, long sessionId, params int[] seats)
    {
        using var response = await IngressInstance.OrderAsync(buyer, sessionId, Guid.NewGuid().ToString(), new { seats });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {response.StatusCode}: {body}");
        var accepted = JsonDocument.Parse(body).RootElement;
        Assert.Equal("pending", accepted.GetProperty("status").GetString());
        return accepted.GetProperty("orderId").GetGuid();
    }

    /// <summary>The order's status as the buyer reads it now.</summary>
    public static async Task<JsonElement> OrderAsync(HttpClient buyer, Guid orderId)
    {
        using var response = await buyer.GetAsync($"/api/orders/{orderId}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 for order {orderId}, got {response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// Waits until the session's availability shows exactly <paramref name="seats"/> ('1' taken, '0' free, row-major)
    /// and returns it.
    /// </summary>
    public static async Task<JsonElement> AvailabilityAsync(HttpClient client, long sessionId, string seats)
    {
        var availability = await Eventually.UntilAsync(
            async () =>
            {
                using var response = await client.GetAsync($"/api/sessions/{sessionId}/availability");
                return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone() : (JsonElement?)null;
            },
            availability => availability?.GetProperty("seats").GetString() == seats,
            $"session {sessionId}'s availability to read {seats}");
        return availability.GetValueOrDefault();
    }

    public static int[] FreeByCategory(JsonElement availability) =>
        [.. availability.GetProperty("freeByCategory").EnumerateArray().Select(free => free.GetInt32())];

    /// <summary>The buyer's whole ledger through the wallet's API, newest first.</summary>
    public static async Task<List<LedgerEntryView>> LedgerAsync(WalletClient buyer)
    {
        var entries = new List<LedgerEntryView>();
        string? next = "/api/wallet/ledger?limit=200";
        while (next is not null)
        {
            var page = await buyer.Http.GetFromJsonAsync<LedgerPage>(next);
            entries.AddRange(page!.Entries);
            next = page.Next is { } cursor ? $"/api/wallet/ledger?limit=200&before={cursor}" : null;
        }

        return entries;
    }

    /// <summary>The ledger's entries as (kind, amount, order) oldest first, for whole-statement comparisons.</summary>
    public static async Task<List<(string Kind, long Amount, Guid? OrderId)>> StatementAsync(WalletClient buyer) =>
        [.. (await LedgerAsync(buyer)).OrderBy(entry => entry.EntryId).Select(entry => (entry.Kind, entry.Amount, entry.OrderId))];

    public static async Task<long> BalanceAsync(WalletClient buyer) => (await buyer.AccountAsync())!.Balance;

    /// <summary>Waits until <paramref name="condition"/> holds for the buyer's ledger (newest first); up to a minute.</summary>
    public static async Task WaitForLedgerAsync(WalletClient buyer, Func<List<LedgerEntryView>, bool> condition, string what, Func<string>? diagnostics = null) =>
        await Eventually.UntilAsync(async () => condition(await LedgerAsync(buyer)), what, TimeSpan.FromSeconds(60), diagnostics);
}
