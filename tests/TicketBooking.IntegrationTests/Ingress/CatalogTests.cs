using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NATS.Client.JetStream;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.Messaging;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.IntegrationTests.Ingress;

/// <summary>
/// The catalog against the real ingress, PostgreSQL, nats-server and engine host: city, venue, hall with sections,
/// artists, event and sessions written by organizers, read by anyone with their relations, paged, filtered and tagged.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class CatalogTests(ServicesFixture services, PartitionAllocator partitions)
{
    [Fact]
    public async Task The_whole_catalog_is_created_and_read_back_with_its_relations_and_seats_left()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var ingress = await IngressInstance.StartAsync(services);
        using var admin = ingress.Client(admin: true);
        using var organizer = Organizer(ingress, 4_400_001);
        using var anyone = ingress.Client();
        var chain = await Chain.CreateAsync(admin, organizer);
        var sessionId = scenario.Sessions().First();
        var inThreeDays = DateTimeOffset.UtcNow.AddDays(3);
        var startsAt = inThreeDays.AddTicks(-(inThreeDays.Ticks % TimeSpan.TicksPerSecond));
        var created = await organizer.PostAsJsonAsync("/api/admin/sessions", Session(sessionId, chain.HallId, startsAt, eventId: chain.EventId));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        Assert.Equal("Fado night", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()); // the event's title

        var city = await anyone.GetFromJsonAsync<JsonElement>($"/api/cities/{chain.CityId}");
        Assert.Equal(("Lisbon", "PT", "Europe/Lisbon"), (city.GetProperty("name").GetString(), city.GetProperty("countryCode").GetString(), city.GetProperty("timeZone").GetString()));

        var venue = await anyone.GetFromJsonAsync<JsonElement>($"/api/venues/{chain.VenueId}");
        Assert.Equal("concert_hall", venue.GetProperty("kind").GetString());
        Assert.Equal(chain.CityId, venue.GetProperty("city").GetProperty("id").GetInt64());
        var hallOfVenue = Assert.Single(venue.GetProperty("halls").EnumerateArray());
        Assert.Equal((chain.HallId, 5), (hallOfVenue.GetProperty("id").GetInt64(), hallOfVenue.GetProperty("seatCount").GetInt32()));

        var hall = await anyone.GetFromJsonAsync<JsonElement>($"/api/halls/{chain.HallId}");
        Assert.Equal(["Stalls", "Balcony"], hall.GetProperty("sections").EnumerateArray().Select(section => section.GetProperty("name").GetString()));
        var balconySeat = hall.GetProperty("seats")[4];
        Assert.Equal((4, "A", "1", 2.5, 10.0, 1, 1), (balconySeat.GetProperty("id").GetInt32(), balconySeat.GetProperty("row").GetString(), balconySeat.GetProperty("label").GetString(),
            balconySeat.GetProperty("x").GetDouble(), balconySeat.GetProperty("y").GetDouble(), balconySeat.GetProperty("category").GetInt32(), balconySeat.GetProperty("section").GetInt32()));
        Assert.True(hall.GetProperty("seats")[0].GetProperty("accessible").GetBoolean());
        Assert.True(hall.GetProperty("seats")[1].GetProperty("companion").GetBoolean());

        var artist = await anyone.GetFromJsonAsync<JsonElement>($"/api/artists/{chain.ArtistIds[0]}");
        Assert.Equal(chain.EventId, Assert.Single(artist.GetProperty("events").EnumerateArray()).GetProperty("id").GetInt64());
        var theEvent = await anyone.GetFromJsonAsync<JsonElement>($"/api/events/{chain.EventId}");
        Assert.Equal(["Mariza", "Carminho"], theEvent.GetProperty("artists").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(("concert", 120, "6"), (theEvent.GetProperty("kind").GetString(), theEvent.GetProperty("durationMinutes").GetInt32(), theEvent.GetProperty("ageRating").GetString()));

        var details = await anyone.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}");
        Assert.Equal(5, details.GetProperty("seats").GetArrayLength());
        Assert.Equal([0, 3, 4], details.GetProperty("rows").EnumerateArray().Select(row => row.GetProperty("firstSeatId").GetInt32()));
        Assert.Equal((chain.VenueId, "Lisbon"), (details.GetProperty("venue").GetProperty("id").GetInt64(), details.GetProperty("venue").GetProperty("cityName").GetString()));
        Assert.Equal(2, details.GetProperty("event").GetProperty("artists").GetArrayLength());
        Assert.Equal(1, details.GetProperty("sections")[1].GetProperty("index").GetInt32());

        // Every filter finds the session, and a filter for something else does not.
        foreach (var query in new[] { $"cityId={chain.CityId}", $"venueId={chain.VenueId}", $"eventId={chain.EventId}", $"artistId={chain.ArtistIds[1]}", $"from={Q(startsAt)}&to={Q(startsAt.AddSeconds(1))}" })
        {
            var found = (await anyone.GetFromJsonAsync<JsonElement>($"/api/sessions?{query}")).EnumerateArray().ToList();
            Assert.True(found.Count == 1, $"{query}: {found.Count} sessions");
            var listed = found[0];
            Assert.Equal((sessionId, chain.HallName, "Coliseu", chain.CityId, chain.EventId), (listed.GetProperty("id").GetInt64(), listed.GetProperty("hallName").GetString(),
                listed.GetProperty("venueName").GetString(), listed.GetProperty("cityId").GetInt64(), listed.GetProperty("eventId").GetInt64()));
        }

        foreach (var query in new[] { $"cityId={chain.CityId + 1}", $"eventId={chain.EventId + 1}", $"from={Q(startsAt.AddSeconds(1))}&cityId={chain.CityId}", $"to={Q(startsAt)}&cityId={chain.CityId}" })
        {
            Assert.Empty((await anyone.GetFromJsonAsync<JsonElement>($"/api/sessions?{query}")).EnumerateArray());
        }

        // A purchase shows in the listing's seats left, and moves its ETag.
        var (before, etag) = await SeatsLeftAsync(anyone, chain.CityId);
        Assert.Equal([3, 2], before);
        Assert.Equal(HttpStatusCode.NotModified, (await ConditionalGetAsync(anyone, $"/api/sessions?cityId={chain.CityId}", etag)).StatusCode);
        using var buyer = ingress.Client(buyerId: 4_400_100);
        Assert.Equal(HttpStatusCode.Accepted, (await IngressInstance.OrderAsync(buyer, sessionId, "catalog-1", new { seats = new[] { 2, 3 } })).StatusCode);
        await Eventually.UntilAsync(async () => (await SeatsLeftAsync(anyone, chain.CityId)).Free.SequenceEqual([2, 1]), "the listing to show a seat of each category taken");
        Assert.Equal(HttpStatusCode.OK, (await ConditionalGetAsync(anyone, $"/api/sessions?cityId={chain.CityId}", etag)).StatusCode);

        // Reads by id are tagged too.
        foreach (var path in new[] { $"/api/cities/{chain.CityId}", $"/api/venues/{chain.VenueId}", $"/api/halls/{chain.HallId}", $"/api/artists/{chain.ArtistIds[0]}", $"/api/events/{chain.EventId}", $"/api/sessions/{sessionId}" })
        {
            using var first = await anyone.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.NotModified, (await ConditionalGetAsync(anyone, path, first.Headers.ETag!)).StatusCode);
        }

        await scenario.VerifyJournalAsync();
    }

    [Fact]
    public async Task Lists_page_by_key_through_the_Link_header()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var ingress = await IngressInstance.StartAsync(services);
        using var admin = ingress.Client(admin: true);
        using var anyone = ingress.Client();
        var chain = await Chain.CreateAsync(admin, admin);
        var venueIds = new List<long> { chain.VenueId };
        for (var i = 0; i < 4; i++)
        {
            venueIds.Add(NewId());
            await PutOkAsync(admin, $"/api/admin/venues/{venueIds[^1]}", new { cityId = chain.CityId, name = $"Venue {i}", kind = "cinema", address = "Somewhere" });
        }

        var sessionIds = scenario.Sessions().Take(3).ToList();
        var startsAt = DateTimeOffset.UtcNow.AddDays(2);
        foreach (var sessionId in sessionIds)
        {
            // Two sessions at the same time: the page boundary falls between equal starts, which the id breaks.
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/sessions", Session(sessionId, chain.HallId, startsAt.AddHours(sessionId == sessionIds[2] ? 1 : 0), chain.EventId))).StatusCode);
        }

        var venuePages = await PagesAsync(anyone, $"/api/venues?cityId={chain.CityId}&limit=2");
        Assert.Equal([2, 2, 1], venuePages.Select(page => page.Count));
        Assert.Equal(venueIds.Order(), venuePages.SelectMany(page => page).Select(venue => venue.GetProperty("id").GetInt64()));

        var sessionPages = await PagesAsync(anyone, $"/api/sessions?venueId={chain.VenueId}&limit=2");
        Assert.Equal([2, 1], sessionPages.Select(page => page.Count));
        Assert.Equal([.. sessionIds.Take(2).Order(), sessionIds[2]], sessionPages.SelectMany(page => page).Select(session => session.GetProperty("id").GetInt64()));

        var artistPages = await PagesAsync(anyone, $"/api/events?artistId={chain.ArtistIds[0]}&kind=concert&limit=1");
        Assert.Equal(chain.EventId, Assert.Single(Assert.Single(artistPages)).GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, (await anyone.GetAsync("/api/venues?after=bogus")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anyone.GetAsync("/api/sessions?limit=201")).StatusCode);
    }

    [Fact]
    public async Task An_organizer_cannot_change_or_use_what_another_owns()
    {
        var js = new NatsJSContext(services.Nats);
        await JetStreamSetup.EnsureStreamsAsync(js, new StreamSettings(), CancellationToken.None);
        await using var ingress = await IngressInstance.StartAsync(services);
        using var admin = ingress.Client(admin: true);
        using var owner = Organizer(ingress, 4_400_002);
        using var rival = Organizer(ingress, 4_400_003);
        var chain = await Chain.CreateAsync(admin, owner);

        Assert.Equal(HttpStatusCode.Forbidden, (await rival.PutAsJsonAsync($"/api/admin/cities/{chain.CityId}", new { name = "Porto", countryCode = "PT", timeZone = "Europe/Lisbon" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rival.PutAsJsonAsync($"/api/admin/venues/{chain.VenueId}", new { cityId = chain.CityId, name = "Taken", kind = "stadium", address = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rival.PutAsJsonAsync($"/api/admin/halls/{chain.HallId}", LegacyHall("Taken"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rival.PutAsJsonAsync($"/api/admin/halls/{NewId()}", LegacyHall("In a rival's venue") with { venueId = chain.VenueId })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rival.PutAsJsonAsync($"/api/admin/artists/{chain.ArtistIds[0]}", new { name = "Renamed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rival.PutAsJsonAsync($"/api/admin/events/{chain.EventId}", new { title = "Taken", kind = "film", durationMinutes = 90 })).StatusCode);
        var rivalHall = NewId();
        await PutOkAsync(rival, $"/api/admin/halls/{rivalHall}", LegacyHall("Rival's own"));
        Assert.Equal(HttpStatusCode.Forbidden, (await rival.PostAsJsonAsync("/api/admin/sessions", Session(null, rivalHall, DateTimeOffset.UtcNow.AddDays(1), chain.EventId))).StatusCode);

        using var anyone = ingress.Client();
        Assert.Equal("Coliseu", (await anyone.GetFromJsonAsync<JsonElement>($"/api/venues/{chain.VenueId}")).GetProperty("name").GetString());
        Assert.Equal("Fado night", (await anyone.GetFromJsonAsync<JsonElement>($"/api/events/{chain.EventId}")).GetProperty("title").GetString());
        Assert.Equal("Mariza", (await anyone.GetFromJsonAsync<JsonElement>($"/api/artists/{chain.ArtistIds[0]}")).GetProperty("name").GetString());
        Assert.Equal(chain.HallName, (await anyone.GetFromJsonAsync<JsonElement>($"/api/halls/{chain.HallId}")).GetProperty("name").GetString());

        // Any organizer may bill another's artist; an admin changes anything.
        await PutOkAsync(rival, $"/api/admin/events/{NewId()}", new { title = "Tribute", kind = "concert", durationMinutes = 60, artistIds = new[] { chain.ArtistIds[0] } });
        await PutOkAsync(admin, $"/api/admin/venues/{chain.VenueId}", new { cityId = chain.CityId, name = "Coliseu dos Recreios", kind = "concert_hall", address = "Lisbon" });
    }

    [Fact]
    public async Task Bad_catalog_input_gets_problem_details_and_changes_nothing()
    {
        await using var ingress = await IngressInstance.StartAsync(services);
        using var admin = ingress.Client(admin: true);
        using var anyone = ingress.Client();
        var chain = await Chain.CreateAsync(admin, admin);
        var snapshot = await ReadAllAsync(anyone, chain);

        var city = $"/api/admin/cities/{chain.CityId}";
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(city, new { name = "Lisbon", countryCode = "PRT", timeZone = "Europe/Lisbon" }));
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(city, new { name = "Lisbon", countryCode = "PT", timeZone = "Mars/Olympus" }));
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(city, new { name = new string('x', 201), countryCode = "PT", timeZone = "Europe/Lisbon" }));
        await AssertProblemAsync(HttpStatusCode.BadRequest, await admin.PutAsync(city, new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json")));

        var venue = $"/api/admin/venues/{chain.VenueId}";
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(venue, new { cityId = chain.CityId, name = "X", kind = "arena", address = "x" }));
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(venue, new { cityId = NewId(), name = "X", kind = "cinema", address = "x" }));

        var hall = $"/api/admin/halls/{chain.HallId}";
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(hall, new { name = "X", sections = Array.Empty<object>() }));
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(hall, new { name = "X", venueId = NewId(), rows = new[] { new { label = "A", categories = new[] { 0 } } } }));
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(hall, new { name = "X", rows = new[] { new { label = "A", categories = new[] { 0 } } }, sections = new[] { Section("S", 0) } }));
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(hall, new { name = "X", sections = new[] { Section("S", 1e7) } }));
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(hall, new { name = "X", sections = new[] { Section("S", 0, category: 256) } }));
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(hall, new { name = "X", sections = new[] { new { name = "S", rows = new[] { new { label = "A", seats = Enumerable.Range(0, 100_001).Select(i => new { label = "1", x = i }) } } } } }));

        var theEvent = $"/api/admin/events/{chain.EventId}";
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(theEvent, new { title = "X", kind = "opera", durationMinutes = 60 }));
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(theEvent, new { title = "X", kind = "film", durationMinutes = 0 }));
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(theEvent, new { title = "X", kind = "film", durationMinutes = 60, artistIds = new[] { NewId() } }));
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync(theEvent, new { title = "X", kind = "film", durationMinutes = 60, artistIds = new[] { chain.ArtistIds[0], chain.ArtistIds[0] } }));
        await AssertProblemAsync((HttpStatusCode)422, await admin.PutAsJsonAsync($"/api/admin/artists/{chain.ArtistIds[0]}", new { name = " " }));
        await AssertProblemAsync((HttpStatusCode)422, await admin.PostAsJsonAsync("/api/admin/sessions", Session(null, chain.HallId, DateTimeOffset.UtcNow.AddDays(1), NewId())));

        await AssertProblemAsync(HttpStatusCode.NotFound, await anyone.GetAsync($"/api/venues/{NewId()}"));
        await AssertProblemAsync(HttpStatusCode.NotFound, await anyone.GetAsync($"/api/halls/{NewId()}"));
        Assert.Equal(snapshot, await ReadAllAsync(anyone, chain));
    }

    [Fact]
    public async Task A_hall_of_rows_of_categories_gets_seats_on_a_grid()
    {
        await using var ingress = await IngressInstance.StartAsync(services);
        using var admin = ingress.Client(admin: true);
        var hallId = NewId();
        await PutOkAsync(admin, $"/api/admin/halls/{hallId}", new { name = "Legacy", rows = new[] { new { label = "A", categories = new[] { 0, 0, 1 } }, new { label = "B", categories = new[] { 1, 1, 1 } } } });

        var hall = await ingress.Client().GetFromJsonAsync<JsonElement>($"/api/halls/{hallId}");
        Assert.Equal(JsonValueKind.Null, hall.GetProperty("venueId").ValueKind);
        Assert.Equal(string.Empty, Assert.Single(hall.GetProperty("sections").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(
            [("A", "1", 0d, 0d, 0), ("A", "2", 1d, 0d, 0), ("A", "3", 2d, 0d, 1), ("B", "1", 0d, 1d, 1), ("B", "2", 1d, 1d, 1), ("B", "3", 2d, 1d, 1)],
            hall.GetProperty("seats").EnumerateArray().Select(seat => (seat.GetProperty("row").GetString(), seat.GetProperty("label").GetString(), seat.GetProperty("x").GetDouble(), seat.GetProperty("y").GetDouble(), seat.GetProperty("category").GetInt32())));
    }

    /// <summary>A city, a venue in it, a hall of two sections in the venue, two artists and an event naming them, all owned by <c>organizer</c> but the city.</summary>
    private sealed record Chain(long CityId, long VenueId, long HallId, string HallName, long[] ArtistIds, long EventId)
    {
        public static async Task<Chain> CreateAsync(HttpClient admin, HttpClient organizer)
        {
            var chain = new Chain(NewId(), NewId(), NewId(), $"Main room {NewId()}", [NewId(), NewId()], NewId());
            await PutOkAsync(admin, $"/api/admin/cities/{chain.CityId}", new { name = "Lisbon", countryCode = "pt", timeZone = "Europe/Lisbon" });
            await PutOkAsync(organizer, $"/api/admin/venues/{chain.VenueId}", new { cityId = chain.CityId, name = "Coliseu", kind = "concert_hall", address = "Rua das Portas de Santo Antão 96" });
            await PutOkAsync(organizer, $"/api/admin/halls/{chain.HallId}", new
            {
                name = chain.HallName,
                venueId = chain.VenueId,
                sections = new object[]
                {
                    new
                    {
                        name = "Stalls",
                        rows = new object[]
                        {
                            new { label = "A", seats = new object[] { new { label = "1", x = 0, y = 0, category = 0, accessible = true }, new { label = "2", x = 1, y = 0, category = 0, companion = true }, new { label = "3", x = 2, y = 0, category = 0 } } },
                            new { label = "B", seats = new object[] { new { label = "1", x = 0, y = 1, category = 1 } } },
                        },
                    },
                    new { name = "Balcony", rows = new object[] { new { label = "A", seats = new object[] { new { label = "1", x = 2.5, y = 10, category = 1 } } } } },
                },
            });
            await PutOkAsync(organizer, $"/api/admin/artists/{chain.ArtistIds[0]}", new { name = "Mariza" });
            await PutOkAsync(organizer, $"/api/admin/artists/{chain.ArtistIds[1]}", new { name = "Carminho" });
            await PutOkAsync(organizer, $"/api/admin/events/{chain.EventId}", new { title = "Fado night", kind = "concert", durationMinutes = 120, ageRating = "6", artistIds = chain.ArtistIds });
            return chain;
        }
    }

    private static long NewId() => Random.Shared.NextInt64(1, 1L << 50);

    private static string Q(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    private static HttpClient Organizer(IngressInstance ingress, long userId)
    {
        var client = new HttpClient { BaseAddress = ingress.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.TokenFor(userId, Roles.Buyer, Roles.Organizer));
        return client;
    }

    private static object Session(long? id, long hallId, DateTimeOffset startsAt, long? eventId) => new
    {
        id,
        hallId,
        eventId,
        startsAt,
        prices = new[] { 5_000L, 3_000L },
        currency = "EUR",
        holdTimeoutSeconds = 600,
        maxSeatsPerBuyer = 4,
    };

    private static LegacyHallBody LegacyHall(string name) => new(name, null, [new { label = "A", categories = new[] { 0 } }]);

    private sealed record LegacyHallBody(string name, long? venueId, object[] rows);

    private static object Section(string name, double x, int category = 0) =>
        new { name, rows = new[] { new { label = "A", seats = new[] { new { label = "1", x, y = 0, category } } } } };

    private static async Task PutOkAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<HttpResponseMessage> ConditionalGetAsync(HttpClient client, string path, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(etag);
        return await client.SendAsync(request);
    }

    private static async Task<(int[] Free, EntityTagHeaderValue ETag)> SeatsLeftAsync(HttpClient client, long cityId)
    {
        using var response = await client.GetAsync($"/api/sessions?cityId={cityId}");
        response.EnsureSuccessStatusCode();
        var session = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        return ([.. session.GetProperty("seatsLeft").EnumerateArray().Select(left => left.GetProperty("free").GetInt32())], response.Headers.ETag!);
    }

    /// <summary>Every page of a list, following its Link headers.</summary>
    private static async Task<List<List<JsonElement>>> PagesAsync(HttpClient client, string path)
    {
        var pages = new List<List<JsonElement>>();
        for (string? next = path; next is not null;)
        {
            using var response = await client.GetAsync(next);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            pages.Add([.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()]);
            next = response.Headers.TryGetValues("Link", out var links)
                ? System.Text.RegularExpressions.Regex.Match(links.Single(), "^<([^>]+)>; rel=\"next\"$").Groups[1].Value
                : null;
            Assert.True(pages.Count < 20, "paging ends");
        }

        return pages;
    }

    private static async Task<string> ReadAllAsync(HttpClient client, Chain chain)
    {
        var texts = new List<string>();
        foreach (var path in new[] { $"/api/cities/{chain.CityId}", $"/api/venues/{chain.VenueId}", $"/api/halls/{chain.HallId}", $"/api/artists/{chain.ArtistIds[0]}", $"/api/events/{chain.EventId}" })
        {
            texts.Add(await client.GetStringAsync(path));
        }

        return string.Join('\n', texts);
    }

    private static async Task AssertProblemAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
