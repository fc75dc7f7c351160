using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using PuppeteerSharp;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Ingress;
using Xunit.Abstractions;

namespace TicketBooking.IntegrationTests.Browser;

/// <summary>
/// The waiting room on the buyer's page in headless Chromium, against a real ingress (in this process) and engine host
/// process: a signed-in buyer joins the queue of a session with a room, sees the pre-queue, then their turn with its
/// countdown, and the purchase they make then carries the admission token. The buyer's token is minted for the page
/// (put into the tab's sessionStorage, as sign-in would), so no wallet process is needed: the order is held, and
/// whether it is paid is not this test's concern.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class WaitingRoomPageTests(ServicesFixture services, PartitionAllocator partitions, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly WaitForSelectorOptions Present = new() { Timeout = 30_000 };
    private static readonly WaitForSelectorOptions Visible = new() { Timeout = 30_000, Visible = true };

    private IBrowser? _browser;

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
    }

    [BrowserFact]
    public async Task A_buyer_joins_the_queue_on_the_page_waits_for_their_turn_and_buys_with_the_admission_token()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var ingress = await IngressInstance.StartAsync(services, "--WaitingRoom:AdmitInterval=00:00:00.250");
        var sessionId = await ingress.CreateSessionAsync(scenario.Sessions().First(), rows: 2, seatsPerRow: 5);
        using (var admin = ingress.Client(admin: true))
        using (var room = await admin.PutAsJsonAsync($"/api/admin/sessions/{sessionId}/waiting-room", new
        {
            opensAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            saleStartsAt = DateTimeOffset.UtcNow.AddSeconds(8),
            mode = "rate",
            admitPerMinute = 600,
        }))
        {
            Assert.True(room.IsSuccessStatusCode, await room.Content.ReadAsStringAsync());
        }

        const long buyerId = 7_152_001;
        var page = await BuyerPageDriver.OpenAsync(_browser!, ingress.Address, "waiting-room");
        await SignInAsync(page, buyerId);
        await page.OpenSessionAsync(sessionId);

        // The room's panel, and no way to buy until the buyer's turn.
        await page.Page.WaitForSelectorAsync("#queue-join", Visible);
        Assert.False(await page.Page.EvaluateExpressionAsync<bool>("document.querySelector('#session .actions').checkVisibility()"));
        await page.Page.ClickAsync("#queue-join");
        await page.Page.WaitForSelectorAsync("#queue[data-state='waiting']", Present);
        Report(await page.ScreenshotAsync("1-in-the-queue"));

        // The shuffle and the admission arrive over the stream: the turn, its countdown, and the controls to buy.
        await page.Page.WaitForSelectorAsync("#queue[data-state='admitted'] #queue-countdown", new WaitForSelectorOptions { Timeout = 60_000, Visible = true });
        await page.Page.WaitForSelectorAsync("#session[data-admission='granted'] #buy-best", Visible);
        Assert.Contains("Your turn ends in", await page.Page.EvaluateExpressionAsync<string>("document.getElementById('queue-countdown').textContent"), StringComparison.Ordinal);
        Report(await page.ScreenshotAsync("2-your-turn"));

        var orderId = await page.BuyBestAsync(1, 0);
        await page.WaitForOrderAsync(orderId, "held", "confirmed", "released");
        using var api = ingress.Client(buyerId);
        var standing = await api.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/queue");
        Assert.Equal("ordered", standing.GetProperty("state").GetString());
        Report(await page.ScreenshotAsync("3-ordered"));
        Assert.Empty(page.Faults);
        await page.CloseAsync();
    }

    /// <summary>Signs the tab in as <paramref name="buyerId"/> with a token of the tests' key, as the page keeps a sign-in, and reloads it.</summary>
    private static async Task SignInAsync(BuyerPageDriver page, long buyerId)
    {
        var signedIn = JsonSerializer.Serialize(new
        {
            accessToken = TestSecrets.TokenFor(buyerId),
            refreshToken = "none",
            userId = buyerId,
            roles = new[] { "buyer" },
            expiresAt = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(),
        });
        await page.Page.EvaluateFunctionAsync("session => sessionStorage.setItem('tb.session', session)", signedIn);
        await page.Page.ReloadAsync();
        await page.Page.WaitForSelectorAsync("body[data-ready='true']", Present);
        await page.Page.WaitForSelectorAsync(string.Create(CultureInfo.InvariantCulture, $"#user[data-user-id='{buyerId}']"), Present);
    }

    private void Report(string screenshot) => output.WriteLine($"screenshot: {screenshot}");
}
