using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.Engine.Commands;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.IntegrationTests.Projections;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.IntegrationTests.Statistics;

/// <summary>
/// The ingress's statistics endpoints over a real engine, projections worker and catalog: an organizer reads its own
/// session, event, venue, city and artists; another organizer gets 404 for them, as for what does not exist; admins
/// read everything under /api/admin/statistics.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class StatisticsEndpointTests(ServicesFixture services, PartitionAllocator partitions)
{
    [Fact]
    public async Task An_organizer_reads_the_statistics_of_its_own_events_and_never_another_organizers()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var projector = await ProjectorProcess.StartAsync(services);
        await using var ingress = await IngressInstance.StartAsync(services);
        using var admin = ingress.Client(admin: true);
        using var owner = Organizer(ingress, 5_500_000 + Random.Shared.Next(100_000));
        using var rival = Organizer(ingress, 5_700_000 + Random.Shared.Next(100_000));
        using var buyer = ingress.Client(buyerId: 5_141);
        var (cityId, venueId, hallId, artistId, eventId) = (NewId(), NewId(), NewId(), NewId(), NewId());
        await PutOkAsync(admin, $"/api/admin/cities/{cityId}", new { name = "Porto", countryCode = "pt", timeZone = "Europe/Lisbon" });
        await PutOkAsync(owner, $"/api/admin/venues/{venueId}", new { cityId, name = "Coliseu do Porto", kind = "concert_hall", address = "Rua de Passos Manuel 137" });
        await PutOkAsync(owner, $"/api/admin/halls/{hallId}", new { name = "Sala", venueId, rows = new[] { new { label = "A", categories = new[] { 0, 0, 0, 0 } }, new { label = "B", categories = new[] { 1, 1, 1, 1 } } } });
        await PutOkAsync(owner, $"/api/admin/artists/{artistId}", new { name = "Ana Moura" });
        await PutOkAsync(owner, $"/api/admin/events/{eventId}", new { title = "Desfado", kind = "concert", durationMinutes = 90, artistIds = new[] { artistId } });
        var startsAt = DateTimeOffset.UtcNow.AddDays(2);
        var sessionId = scenario.Sessions().First();
        using (var created = await owner.PostAsJsonAsync("/api/admin/sessions", new { id = sessionId, hallId, eventId, startsAt, prices = new[] { 5_000L, 3_000L }, currency = "EUR", holdTimeoutSeconds = 600, maxSeatsPerBuyer = 4 }))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        using var ordered = await IngressInstance.OrderAsync(buyer, sessionId, Guid.NewGuid().ToString("N"), new { seats = new[] { 0, 1 } });
        Assert.Equal(HttpStatusCode.Accepted, ordered.StatusCode);
        var orderId = (await ordered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
        Assert.Equal("held", (await IngressInstance.SettledOrderAsync(buyer, orderId)).GetProperty("status").GetString());
        await scenario.WaitForJournalAsync(await scenario.PublishAsync(new PaymentSucceeded(orderId, sessionId)));
        await StatisticsTables.WaitForCheckpointAsync(services.Pg, scenario.Partition, await scenario.Journal.LastStreamSequenceAsync(scenario.Partition, CancellationToken.None), projector.ReadLog);

        var session = await OkAsync(owner, $"/api/organizer/statistics/sessions/{sessionId}");
        Assert.Equal(eventId, session.GetProperty("eventId").GetInt64());
        var figures = session.GetProperty("figures");
        Assert.Equal((1, 8L, 2L, 0L, 10_000L, 10_000L, 0.25), (
            figures.GetProperty("sessions").GetInt32(),
            figures.GetProperty("capacity").GetInt64(),
            figures.GetProperty("ticketsSold").GetInt64(),
            figures.GetProperty("ticketsReturned").GetInt64(),
            figures.GetProperty("grossRevenue").GetInt64(),
            figures.GetProperty("netRevenue").GetInt64(),
            figures.GetProperty("fillRate").GetDouble()));
        foreach (var path in new[] { $"events/{eventId}", $"venues/{venueId}", $"cities/{cityId}" })
        {
            Assert.Equal(2, (await OkAsync(owner, $"/api/organizer/statistics/{path}")).GetProperty("figures").GetProperty("ticketsSold").GetInt64());
        }

        var minutes = (await OkAsync(owner, $"/api/organizer/statistics/sessions/{sessionId}/sales-per-minute")).EnumerateArray().ToList();
        Assert.Equal((2L, 10_000L), (minutes.Sum(minute => minute.GetProperty("tickets").GetInt64()), minutes.Sum(minute => minute.GetProperty("amount").GetInt64())));
        var artist = Assert.Single((await OkAsync(owner, $"/api/organizer/statistics/artists?from={Q(startsAt.AddHours(-1))}&to={Q(startsAt.AddHours(1))}")).EnumerateArray());
        Assert.Equal((artistId, 1, 2L), (artist.GetProperty("artistId").GetInt64(), artist.GetProperty("events").GetInt32(), artist.GetProperty("visitors").GetInt64()));
        Assert.Empty((await OkAsync(owner, $"/api/organizer/statistics/artists?from={Q(startsAt.AddHours(1))}&to={Q(startsAt.AddHours(2))}")).EnumerateArray());
        Assert.Contains((await OkAsync(owner, "/api/organizer/statistics/sessions?limit=200")).EnumerateArray(), listed => listed.GetProperty("sessionId").GetInt64() == sessionId);
        Assert.Contains((await OkAsync(owner, "/api/organizer/statistics/events?limit=200")).EnumerateArray(), listed => listed.GetProperty("eventId").GetInt64() == eventId);

        // Another organizer: what is not its own reads as what does not exist.
        foreach (var path in new[] { $"sessions/{sessionId}", $"sessions/{sessionId}/sales-per-minute", $"events/{eventId}", $"venues/{venueId}" })
        {
            await ProblemAsync(rival, $"/api/organizer/statistics/{path}", HttpStatusCode.NotFound);
        }

        Assert.Equal(0, (await OkAsync(rival, $"/api/organizer/statistics/cities/{cityId}")).GetProperty("figures").GetProperty("sessions").GetInt32());
        Assert.Empty((await OkAsync(rival, $"/api/organizer/statistics/artists?from={Q(startsAt.AddHours(-1))}&to={Q(startsAt.AddHours(1))}")).EnumerateArray());
        Assert.DoesNotContain((await OkAsync(rival, "/api/organizer/statistics/sessions?limit=200")).EnumerateArray(), listed => listed.GetProperty("sessionId").GetInt64() == sessionId);

        // Roles, and bad input.
        await ProblemAsync(buyer, $"/api/organizer/statistics/sessions/{sessionId}", HttpStatusCode.Forbidden);
        await ProblemAsync(rival, $"/api/admin/statistics/sessions/{sessionId}", HttpStatusCode.Forbidden);
        using (var anonymous = ingress.Client())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/organizer/statistics/sessions/{sessionId}")).StatusCode);
        }

        Assert.Equal(2, (await OkAsync(admin, $"/api/admin/statistics/sessions/{sessionId}")).GetProperty("figures").GetProperty("ticketsSold").GetInt64());
        Assert.Equal(2, (await OkAsync(admin, $"/api/admin/statistics/venues/{venueId}")).GetProperty("figures").GetProperty("ticketsSold").GetInt64());
        await ProblemAsync(owner, $"/api/organizer/statistics/artists?from={Q(startsAt)}&to={Q(startsAt)}", HttpStatusCode.BadRequest);
        await ProblemAsync(owner, "/api/organizer/statistics/sessions?limit=0", HttpStatusCode.BadRequest);
    }

    private static long NewId() => Random.Shared.NextInt64(1, 1L << 50);

    private static string Q(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", CultureInfo.InvariantCulture));

    private static HttpClient Organizer(IngressInstance ingress, long userId)
    {
        var client = new HttpClient { BaseAddress = ingress.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.TokenFor(userId, Roles.Buyer, Roles.Organizer));
        return client;
    }

    private static async Task PutOkAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> OkAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task ProblemAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == expected, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
