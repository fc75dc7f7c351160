using System.Collections.Concurrent;
using System.Globalization;
using PuppeteerSharp;

namespace TicketBooking.IntegrationTests.Browser;

/// <summary>
/// One buyer's tab on the buyer's page, driven as a person would (typing, clicking), waiting only through Puppeteer's
/// WaitForSelector/WaitForFunction. It records what the page must never do: break the Content-Security-Policy or throw.
/// </summary>
internal sealed class BuyerPageDriver
{
    private static readonly WaitForSelectorOptions Visible = new() { Timeout = 30_000, Visible = true };
    private static readonly WaitForSelectorOptions Present = new() { Timeout = 30_000 };
    private static readonly WaitForFunctionOptions Function = new() { Timeout = 30_000, PollingInterval = 50 };

    private readonly ConcurrentQueue<string> _faults = new();
    private readonly string _test;

    private BuyerPageDriver(IPage page, string test)
    {
        Page = page;
        _test = test;
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error && e.Message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _faults.Enqueue($"CSP: {e.Message.Text}");
            }
        };
        page.PageError += (_, e) => _faults.Enqueue($"page error: {e.Message}");
    }

    public IPage Page { get; }

    /// <summary>CSP violations and uncaught errors seen so far.</summary>
    public IReadOnlyCollection<string> Faults => _faults;

    /// <summary>Opens the page at <paramref name="address"/> in a fresh browser context (its own storage) and waits until it has listed the sessions.</summary>
    public static async Task<BuyerPageDriver> OpenAsync(IBrowser browser, Uri address, string test)
    {
        var context = await browser.CreateBrowserContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 1000 });
        var driver = new BuyerPageDriver(page, test);
        await page.GoToAsync(address.ToString(), new NavigationOptions { Timeout = 30_000 });
        await page.WaitForSelectorAsync("body[data-ready='true']", Present);
        return driver;
    }

    public async Task RegisterAsync(string name, string email, string password)
    {
        await Page.ClickAsync("#show-register");
        await Page.TypeAsync("#register-name", name);
        await Page.TypeAsync("#register-email", email);
        await Page.TypeAsync("#register-password", password);
        await Page.ClickAsync("#register-submit");
        await Page.WaitForSelectorAsync("#user[data-user-id]", Visible);
    }

    public async Task SignInAsync(string email, string password)
    {
        await Page.TypeAsync("#signin-email", email);
        await Page.TypeAsync("#signin-password", password);
        await Page.ClickAsync("#signin-submit");
        await Page.WaitForSelectorAsync("#user[data-user-id]", Visible);
    }

    /// <summary>The signed-in buyer's id, as the page shows it.</summary>
    public async Task<long> UserIdAsync() =>
        long.Parse(await Page.EvaluateExpressionAsync<string>("document.getElementById('user').dataset.userId"), CultureInfo.InvariantCulture);

    /// <summary>Reads the balance again (the button) until the page shows <paramref name="minorUnits"/>.</summary>
    public async Task WaitForBalanceAsync(long minorUnits, bool refresh = false)
    {
        if (refresh)
        {
            await Page.ClickAsync("#balance-refresh");
        }

        await Page.WaitForSelectorAsync($"#balance[data-balance='{minorUnits}']", Present);
    }

    /// <summary>Opens a session from the list and waits until its map is drawn and live.</summary>
    public async Task OpenSessionFromListAsync(long sessionId)
    {
        await Page.WaitForSelectorAsync($"button[data-session-id='{sessionId}']", Visible);
        await Page.ClickAsync($"button[data-session-id='{sessionId}']");
        await WaitForMapAsync(sessionId);
    }

    /// <summary>Opens a session by its link (#session=ID; the list is paged, and other tests' sessions share it) and waits until its map is live.</summary>
    public async Task OpenSessionAsync(long sessionId)
    {
        await Page.EvaluateFunctionAsync("id => { location.hash = `session=${id}`; }", sessionId.ToString(CultureInfo.InvariantCulture));
        await WaitForMapAsync(sessionId);
    }

    /// <summary>Waits until the session's map is drawn and live (the availability stream's first event applied).</summary>
    public async Task WaitForMapAsync(long sessionId) =>
        await Page.WaitForSelectorAsync($"#session[data-session-id='{sessionId}'] #seatmap[data-as-of] rect[data-seat]", Present);

    /// <summary>Asks for the best <paramref name="count"/> seats of <paramref name="category"/> and waits for the accepted order; returns its id.</summary>
    public async Task<Guid> BuyBestAsync(int count, int category)
    {
        await Page.EvaluateFunctionAsync("n => { document.getElementById('best-count').value = n; }", count.ToString(CultureInfo.InvariantCulture));
        await Page.SelectAsync("#best-category", category.ToString(CultureInfo.InvariantCulture));
        await Page.ClickAsync("#buy-best");
        var order = await Page.WaitForSelectorAsync("#order-list li[data-order-id]", Present);
        return Guid.Parse(await order.EvaluateFunctionAsync<string>("item => item.dataset.orderId"));
    }

    /// <summary>Clicks seats on the map and waits until the page counts them as picked.</summary>
    public async Task PickAsync(params int[] seats)
    {
        foreach (var seat in seats)
        {
            await Page.ClickAsync($"#seatmap rect[data-seat='{seat}']");
            await Page.WaitForSelectorAsync($"#seatmap rect[data-seat='{seat}'].picked", Present);
        }

        await Page.WaitForFunctionAsync(
            "expected => document.getElementById('picked').dataset.seats === expected",
            Function,
            string.Join(',', seats.Order()));
    }

    /// <summary>Clicks "Buy selected seats" and waits for the order the ingress accepted; returns its id.</summary>
    public async Task<Guid> BuySelectedAsync()
    {
        await Page.ClickAsync("#buy-selected");
        var order = await Page.WaitForSelectorAsync("#order-list li[data-order-id]", Present);
        return Guid.Parse(await order.EvaluateFunctionAsync<string>("item => item.dataset.orderId"));
    }

    /// <summary>Waits until the page shows the order in one of <paramref name="statuses"/>; returns the one it shows.</summary>
    public async Task<string> WaitForOrderAsync(Guid orderId, params string[] statuses)
    {
        var selector = string.Join(", ", statuses.Select(status => $"#order-list li[data-order-id='{orderId}'][data-status='{status}']"));
        var item = await Page.WaitForSelectorAsync(selector, new WaitForSelectorOptions { Timeout = 60_000 });
        return await item.EvaluateFunctionAsync<string>("item => item.dataset.status");
    }

    /// <summary>The tickets the page shows for the order: (seat, code).</summary>
    public async Task<(int Seat, string Code)[]> TicketsAsync(Guid orderId)
    {
        var tickets = await Page.EvaluateFunctionAsync<TicketOnPage[]>(
            "id => [...document.querySelectorAll(`#order-list li[data-order-id='${id}'] .ticket`)].map(t => ({ seat: Number(t.dataset.seat), code: t.querySelector('.code').textContent }))",
            orderId.ToString());
        return [.. tickets.Select(ticket => (ticket.Seat, ticket.Code))];
    }

    /// <summary>Waits until the live map shows the seat taken.</summary>
    public async Task WaitForTakenAsync(int seat) =>
        await Page.WaitForSelectorAsync($"#seatmap rect[data-seat='{seat}'].taken", Present);

    public async Task<string> ScreenshotAsync(string step) => await Screenshots.TakeAsync(Page, _test, step);

    public async Task CloseAsync() => await Page.BrowserContext.CloseAsync();

    private sealed record TicketOnPage(int Seat, string Code);
}
