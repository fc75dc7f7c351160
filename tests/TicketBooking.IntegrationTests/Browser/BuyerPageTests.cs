using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NATS.Client.JetStream;
using PuppeteerSharp;
using TicketBooking.Contracts;
using TicketBooking.Engine.Decisions;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.IntegrationTests.Journey;
using TicketBooking.IntegrationTests.Projections;
using TicketBooking.IntegrationTests.Wallet;
using TicketBooking.Wallet.Settlement;
using Xunit.Abstractions;

namespace TicketBooking.IntegrationTests.Browser;

/// <summary>
/// The buyer's page in a real browser (headless Chromium) against the real processes: the ingress serving the page
/// (in this process, over real HTTP), a wallet process reached cross-origin from the page, and an engine host process,
/// over the real nats-server and PostgreSQL. Screenshots of each step go to <see cref="Screenshots.Folder"/>.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class BuyerPageTests(ServicesFixture services, PartitionAllocator partitions, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";

    private readonly List<int> _partitions = [];
    private IBrowser? _browser;

    private IBrowser Browser => _browser!;

    public async Task InitializeAsync()
    {
        if (Chromium.MissingReason is null || Chromium.InCi)
        {
            _browser = await Chromium.LaunchAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        try
        {
            await new NatsJSContext(services.Nats).DeleteConsumerAsync(Subjects.DecisionsStream, SettlementService.ConsumerName);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
        }

        foreach (var partition in _partitions)
        {
            await JourneyMoney.ForgetPartitionAsync(services, partition);
        }
    }

    [BrowserFact]
    public async Task A_buyer_registers_on_the_page_picks_two_seats_on_the_map_pays_and_sees_two_tickets_with_their_codes()
    {
        var scenario = await CleanAsync();
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var system = await PageSystem.StartAsync(services);
        var session = await system.CreateSessionAsync(scenario.Sessions().First());
        await system.AssertPageHeadersAsync();

        var buyer = await system.OpenPageAsync(Browser, "buy-two-seats");
        await buyer.RegisterAsync("Ada", NewEmail(), Password);
        var buyerId = await buyer.UserIdAsync();
        await buyer.WaitForBalanceAsync(0);

        // The payment provider tells the wallet that the buyer paid 200.00 EUR; the page reads the balance again.
        using (var provider = system.Wallet.Client(buyerId))
        {
            using var paid = await provider.PaidAsync(20_000);
            Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        }

        await buyer.WaitForBalanceAsync(20_000, refresh: true);
        await buyer.OpenSessionAsync(session);
        await buyer.PickAsync(0, 1);
        Report(await buyer.ScreenshotAsync("1-picked"));

        var orderId = await buyer.BuySelectedAsync();
        Assert.Equal("confirmed", await buyer.WaitForOrderAsync(orderId, "confirmed", "rejected", "released", "expired"));
        await buyer.WaitForBalanceAsync(20_000 - (2 * JourneyApi.Row0Price));
        await buyer.WaitForTakenAsync(0);
        await buyer.WaitForTakenAsync(1);
        Report(await buyer.ScreenshotAsync("2-confirmed"));

        // The page shows what the ingress says: two tickets, for seats 0 and 1, with their codes.
        var shown = await buyer.TicketsAsync(orderId);
        using var api = system.Ingress.Client(buyerId);
        var order = await JourneyApi.OrderAsync(api, orderId);
        var issued = order.GetProperty("tickets").EnumerateArray().Select(ticket => (ticket.GetProperty("seat").GetInt32(), ticket.GetProperty("code").GetString()!)).ToArray();
        Assert.Equal(2, shown.Length);
        Assert.Equal([0, 1], shown.Select(ticket => ticket.Seat).Order());
        Assert.Equal(issued.Order(), shown.Order());
        Assert.All(shown, ticket => Assert.False(string.IsNullOrWhiteSpace(ticket.Code)));
        Assert.Empty(buyer.Faults);
        await scenario.VerifyJournalAsync();
    }

    [BrowserFact]
    public async Task Two_buyers_race_for_one_seat_one_gets_it_and_the_other_page_shows_it_taken_from_the_live_stream()
    {
        var scenario = await CleanAsync();
        var engine = EngineHostProcess.Start(services, scenario.Partition);
        try
        {
            await engine.WaitForStatusAsync(scenario.Partition, "Running");
            await using var system = await PageSystem.StartAsync(services);
            var session = await system.CreateSessionAsync(scenario.Sessions().First());
            var emails = new[] { NewEmail(), NewEmail() };
            foreach (var email in emails)
            {
                var buyerId = await system.RegisterAsync(email);
                using var provider = system.Wallet.Client(buyerId);
                using var paid = await provider.PaidAsync(20_000);
                Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
            }

            var pages = new List<BuyerPageDriver>();
            foreach (var (email, i) in emails.Select((email, i) => (email, i)))
            {
                var page = await system.OpenPageAsync(Browser, $"race-buyer-{(char)('a' + i)}");
                await page.SignInAsync(email, Password);
                await page.WaitForBalanceAsync(20_000);
                await page.OpenSessionAsync(session);
                await page.PickAsync(0);

                // A mark that a reload would lose: the map must change without one.
                await page.Page.EvaluateExpressionAsync("window.__sameDocument = true");
                pages.Add(page);
            }

            // Both orders reach the engine's input log before it decides either: its host is down while they are placed.
            await engine.KillAsync();
            await engine.DisposeAsync();
            var orders = await Task.WhenAll(pages.Select(page => page.BuySelectedAsync()));
            for (var i = 0; i < pages.Count; i++)
            {
                Assert.Equal("pending", await pages[i].WaitForOrderAsync(orders[i], "pending"));
            }

            engine = EngineHostProcess.Start(services, scenario.Partition);
            var outcomes = await Task.WhenAll(pages.Select((page, i) => page.WaitForOrderAsync(orders[i], "confirmed", "rejected", "released", "expired")));

            Assert.Equal(["confirmed", "rejected"], outcomes.Order());
            var winner = Array.IndexOf(outcomes, "confirmed");
            var loser = 1 - winner;
            await pages[winner].WaitForBalanceAsync(20_000 - JourneyApi.Row0Price);
            Assert.Single(await pages[winner].TicketsAsync(orders[winner]));
            Assert.Empty(await pages[loser].TicketsAsync(orders[loser]));
            await pages[loser].WaitForTakenAsync(0);
            await pages[loser].WaitForBalanceAsync(20_000);
            Assert.True(await pages[loser].Page.EvaluateExpressionAsync<bool>("window.__sameDocument === true"), "the losing page was reloaded");
            foreach (var (page, i) in pages.Select((page, i) => (page, i)))
            {
                Report(await page.ScreenshotAsync(i == winner ? "won" : "lost"));
                Assert.Empty(page.Faults);
            }

            var decisions = (await scenario.ReadJournalAsync()).SelectMany(batch => batch.Batch.Decisions).ToList();
            Assert.Equal(orders[winner], Assert.Single(decisions.OfType<OrderHeld>()).OrderId);
            Assert.Equal(RejectReason.SeatTaken, Assert.Single(decisions.OfType<Rejected>(), rejected => rejected.OrderId == orders[loser]).Reason);
            await scenario.VerifyJournalAsync();
        }
        finally
        {
            await engine.DisposeAsync();
        }
    }

    [BrowserFact]
    public async Task A_buyer_finds_a_session_by_city_sees_the_hall_at_its_coordinates_and_buys_the_best_two_seats()
    {
        var scenario = await CleanAsync();
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var system = await PageSystem.StartAsync(services);
        var (cityId, hallId, sessionId) = (NewId(), NewId(), scenario.Sessions().First());
        using (var admin = system.Ingress.Client(admin: true))
        {
            await PutOkAsync(admin, $"/api/admin/cities/{cityId}", new { name = $"Porto {cityId}", countryCode = "pt", timeZone = "Europe/Lisbon" });
            var venueId = NewId();
            await PutOkAsync(admin, $"/api/admin/venues/{venueId}", new { cityId, name = "Coliseu do Porto", kind = "concert_hall", address = "Rua de Passos Manuel 137" });

            // Stalls: row A of four seats of category 0, row B of three of category 1 whose first is accessible;
            // the balcony far behind, one row of category 1.
            static object[] Seats(double y, int category, int count, bool firstAccessible = false) =>
                [.. Enumerable.Range(0, count).Select(i => new { label = $"{i + 1}", x = i * 1.0, y, category, accessible = firstAccessible && i == 0 })];
            await PutOkAsync(admin, $"/api/admin/halls/{hallId}", new
            {
                name = "Sala principal",
                venueId,
                sections = new object[]
                {
                    new { name = "Stalls", rows = new object[] { new { label = "A", seats = Seats(0, 0, 4) }, new { label = "B", seats = Seats(1, 1, 3, firstAccessible: true) } } },
                    new { name = "Balcony", rows = new object[] { new { label = "A", seats = Seats(8, 1, 3) } } },
                },
            });
            using var created = await admin.PostAsJsonAsync("/api/admin/sessions", new
            {
                id = sessionId,
                hallId,
                title = "Noite de fado",
                startsAt = DateTimeOffset.UtcNow.AddDays(2),
                prices = new[] { JourneyApi.Row0Price, JourneyApi.Row1Price },
                currency = "EUR",
                holdTimeoutSeconds = 600,
                maxSeatsPerBuyer = 4,
            });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        await system.WaitForOnSaleAsync(sessionId);
        var email = NewEmail();
        var buyerId = await system.RegisterAsync(email);
        using (var provider = system.Wallet.Client(buyerId))
        {
            using var paid = await provider.PaidAsync(20_000);
            Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        }

        var buyer = await system.OpenPageAsync(Browser, "best-two-by-city");
        await buyer.SignInAsync(email, Password);

        // The city filter narrows the list to this city's one session.
        await buyer.Page.WaitForSelectorAsync($"#city option[value='{cityId}']", new WaitForSelectorOptions { Timeout = 30_000 });
        await buyer.Page.SelectAsync("#city", cityId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await buyer.Page.ClickAsync("#filters button[type='submit']");
        await buyer.Page.WaitForFunctionAsync(
            "id => [...document.querySelectorAll('#sessions button[data-session-id]')].map(b => b.dataset.sessionId).join() === id",
            new WaitForFunctionOptions { Timeout = 30_000, PollingInterval = 50 },
            sessionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await buyer.OpenSessionFromListAsync(sessionId);

        // Drawn where the catalog puts the seats: ten of them, the balcony far below the stalls, one marked accessible,
        // each named with its section.
        var drawn = await buyer.Page.EvaluateExpressionAsync<SeatOnMap[]>(
            "[...document.querySelectorAll('#seatmap rect[data-seat]')].map(r => ({ seat: Number(r.dataset.seat), y: Number(r.getAttribute('y')), accessible: r.classList.contains('accessible'), title: r.querySelector('title').textContent }))");
        Assert.Equal(10, drawn.Length);
        var stallsBottom = drawn.Where(seat => seat.Title.StartsWith("Stalls", StringComparison.Ordinal)).Max(seat => seat.Y);
        var balconyTop = drawn.Where(seat => seat.Title.StartsWith("Balcony", StringComparison.Ordinal)).Min(seat => seat.Y);
        Assert.True(balconyTop > stallsBottom * 3, $"balcony at {balconyTop}, stalls down to {stallsBottom}");
        Assert.Single(drawn, seat => seat.Accessible);
        Report(await buyer.ScreenshotAsync("1-map"));

        var orderId = await buyer.BuyBestAsync(2, category: 0);
        Assert.Equal("confirmed", await buyer.WaitForOrderAsync(orderId, "confirmed", "rejected", "released", "expired"));
        var tickets = await buyer.TicketsAsync(orderId);
        Assert.Equal(2, tickets.Length);
        Assert.All(tickets, ticket => Assert.Contains(drawn, seat => seat.Seat == ticket.Seat && seat.Title.Contains("category 0", StringComparison.Ordinal)));
        await buyer.WaitForBalanceAsync(20_000 - (2 * JourneyApi.Row0Price));
        foreach (var ticket in tickets)
        {
            await buyer.WaitForTakenAsync(ticket.Seat);
        }

        Report(await buyer.ScreenshotAsync("2-confirmed"));
        Assert.Empty(buyer.Faults);
    }

    [BrowserFact]
    public async Task An_organizer_puts_a_hall_and_a_session_on_sale_on_the_organizer_page_and_buyers_see_its_seat_map()
    {
        var scenario = await CleanAsync();
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        // Creates schema statistics, which the page's statistics view reads.
        await using var projector = await ProjectorProcess.StartAsync(services);
        await using var system = await PageSystem.StartAsync(services);
        var email = NewEmail();
        var organizerId = await system.RegisterAsync(email);
        using (var admin = new HttpClient { BaseAddress = system.Wallet.Address })
        {
            admin.DefaultRequestHeaders.Authorization = new("Bearer", TestSecrets.AdminToken());
            using var roles = await admin.PutAsJsonAsync($"/api/admin/users/{organizerId}/roles", new { roles = new[] { "buyer", "organizer" } });
            Assert.True(roles.IsSuccessStatusCode, await roles.Content.ReadAsStringAsync());
        }

        var page = await system.OpenPageAsync(Browser, "organizer", "organizer.html");
        await page.Page.TypeAsync("#signin-email", email);
        await page.Page.TypeAsync("#signin-password", Password);
        await page.Page.ClickAsync("#signin-submit");
        await page.Page.WaitForSelectorAsync("#organizer", new WaitForSelectorOptions { Timeout = 30_000, Visible = true });
        await page.Page.ClickAsync("#hall-submit");
        await page.Page.WaitForFunctionAsync("() => document.getElementById('session-hall').value !== ''", new WaitForFunctionOptions { Timeout = 30_000 });

        // An id of the test's partition, so that its own engine host opens the session.
        var sessionId = scenario.Sessions().First();
        await page.Page.TypeAsync("#session-id", sessionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Page.ClickAsync("#session-submit");
        var link = await page.Page.WaitForSelectorAsync("#done a[href*='#session=']", new WaitForSelectorOptions { Timeout = 30_000 });
        await page.Page.WaitForSelectorAsync($"#stats-sessions tr[data-session-id='{sessionId}']", new WaitForSelectorOptions { Timeout = 30_000 });
        await page.Page.WaitForSelectorAsync("#stats-chart text", new WaitForSelectorOptions { Timeout = 30_000 });
        Report(await page.ScreenshotAsync("1-on-sale"));
        Assert.Empty(page.Faults);

        await system.WaitForOnSaleAsync(sessionId);
        await link.ClickAsync();
        await page.WaitForMapAsync(sessionId);
        Assert.Equal(18, (await page.Page.QuerySelectorAllAsync("#seatmap rect[data-seat]")).Length);
        Report(await page.ScreenshotAsync("2-buyers-view"));
        Assert.Empty(page.Faults);
    }

    private static long NewId() => Random.Shared.NextInt64(1, 1L << 50);

    private static async Task PutOkAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private sealed record SeatOnMap(int Seat, double Y, bool Accessible, string Title);

    private void Report(string screenshot) => output.WriteLine($"screenshot: {screenshot}");

    private static string NewEmail() => $"page-{Guid.NewGuid():N}@example.com";

    private async Task<PartitionScenario> CleanAsync()
    {
        var partition = partitions.Next();
        _partitions.Add(partition);
        return await PartitionScenario.CleanAsync(services, partition);
    }

    /// <summary>
    /// A wallet process that allows the page's origin, and an ingress on a port picked beforehand (the wallet must know
    /// the page's origin, the page the wallet's URL).
    /// </summary>
    private sealed class PageSystem(WalletProcess wallet, IngressInstance ingress) : IAsyncDisposable
    {
        private readonly List<BuyerPageDriver> _pages = [];

        public WalletProcess Wallet { get; } = wallet;

        public IngressInstance Ingress { get; } = ingress;

        public static async Task<PageSystem> StartAsync(ServicesFixture services)
        {
            var origin = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
            var wallet = await WalletProcess.StartAsync(services, new Dictionary<string, string> { ["Wallet__CorsOrigins__0"] = origin });
            try
            {
                var ingress = await IngressInstance.StartAsync(services, "--Ingress:BuyerRatePermits=1000", $"--urls={origin}", $"--Ingress:WalletPublicUrl={wallet.Address}");
                return new PageSystem(wallet, ingress);
            }
            catch
            {
                await wallet.DisposeAsync();
                throw;
            }
        }

        /// <summary>The page in a browser context of its own, closed before the services stop (its event stream would hold the ingress open).</summary>
        public async Task<BuyerPageDriver> OpenPageAsync(IBrowser browser, string name, string path = "")
        {
            var page = await BuyerPageDriver.OpenAsync(browser, new Uri(Ingress.Address, path), name);
            _pages.Add(page);
            return page;
        }

        /// <summary>Creates a session on sale (2 rows of 5, a hall of the old form) and waits until the ingress has it.</summary>
        public async Task<long> CreateSessionAsync(long sessionId)
        {
            await JourneyApi.CreateSessionAsync(Ingress, sessionId, rows: 2, seatsPerRow: 5, holdTimeoutSeconds: 600);
            await WaitForOnSaleAsync(sessionId);
            return sessionId;
        }

        /// <summary>Waits until this ingress's catalog view has the session on sale, as the page will read it.</summary>
        public async Task WaitForOnSaleAsync(long sessionId)
        {
            using var http = Ingress.Client();
            await Eventually.UntilAsync(
                async () =>
                {
                    using var response = await http.GetAsync($"/api/sessions/{sessionId}");
                    return response.StatusCode == HttpStatusCode.OK;
                },
                $"session {sessionId} to be on sale at the ingress");
        }

        /// <summary>Registers a buyer through the wallet's API; returns its id.</summary>
        public async Task<long> RegisterAsync(string email)
        {
            using var http = new HttpClient { BaseAddress = Wallet.Address };
            using var response = await http.PostAsJsonAsync("/api/auth/register", new { name = "Racer", email, password = Password });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetInt64();
        }

        /// <summary>The page and its configuration carry the security headers; the wallet answers the page's origin only.</summary>
        public async Task AssertPageHeadersAsync()
        {
            using var http = new HttpClient { BaseAddress = Ingress.Address };
            foreach (var path in new[] { "/", "/app.js", "/config.json" })
            {
                using var response = await http.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
                Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
                Assert.Contains($"connect-src 'self' {Wallet.Address.GetLeftPart(UriPartial.Authority)}", csp, StringComparison.Ordinal);
                Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
                Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
                Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
                Assert.Single(response.Headers.GetValues("Referrer-Policy"));
            }

            var config = await http.GetFromJsonAsync<JsonElement>("/config.json");
            Assert.Equal(Wallet.Address.ToString().TrimEnd('/'), config.GetProperty("walletUrl").GetString());

            using var wallet = new HttpClient { BaseAddress = Wallet.Address };
            foreach (var (origin, allowed) in new[] { (Ingress.Address.GetLeftPart(UriPartial.Authority), true), ("http://evil.example", false) })
            {
                using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/wallet");
                preflight.Headers.Add("Origin", origin);
                preflight.Headers.Add("Access-Control-Request-Method", "GET");
                preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
                using var answer = await wallet.SendAsync(preflight);
                Assert.Equal(allowed, answer.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowedOrigin) && allowedOrigin.Single() == origin);
                Assert.False(answer.Headers.Contains("Access-Control-Allow-Credentials"));
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var page in _pages)
            {
                await page.CloseAsync();
            }

            await Ingress.DisposeAsync();
            await Wallet.DisposeAsync();
        }
    }
}
