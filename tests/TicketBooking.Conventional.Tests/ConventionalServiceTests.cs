using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using TicketBooking.Conventional;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Conventional.Tests;

/// <summary>The conventional service in-process on a free port, with the database <c>conventional_tests</c>.</summary>
public sealed class ConventionalServiceFixture : IAsyncLifetime
{
    private static readonly string TokenKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private static readonly AccessTokens Tokens = new(new TokenOptions { TokenKey = TokenKey });

    private WebApplication? _app;
    private long _nextSessionId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = await ConventionalHost.BuildAsync(["--urls", "http://127.0.0.1:0", "--Conventional:Database", "conventional_tests", "--Auth:TokenKey", TokenKey]);
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A fresh session of <paramref name="rows"/> x <paramref name="seatsPerRow"/> with these row categories.</summary>
    public async Task<long> CreateSessionAsync(int rows, int seatsPerRow, int[] rowCategories)
    {
        long id = Interlocked.Increment(ref _nextSessionId);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/sessions")
        {
            Content = JsonContent.Create(new { firstId = id, count = 1, rows, seatsPerRow, rowCategories }),
        };
        request.Headers.Add("X-Admin-Key", "dev-admin-key");
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    public async Task<(HttpStatusCode Status, OrderView? Order)> OrderAsync(long sessionId, long buyer, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/orders") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", Tokens.Issue(buyer, [Roles.Buyer], DateTimeOffset.UtcNow));
        // Keys live as long as the database: the session id keeps them fresh across test runs.
        request.Headers.Add("Idempotency-Key", $"{sessionId}-{key}");
        using var response = await Client.SendAsync(request);
        var order = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<OrderView>() : null;
        return (response.StatusCode, order);
    }
}

public sealed class ConventionalServiceTests(ConventionalServiceFixture service) : IClassFixture<ConventionalServiceFixture>
{
    [Fact]
    public async Task Concurrent_orders_for_the_same_seat_hold_it_exactly_once()
    {
        var session = await service.CreateSessionAsync(rows: 1, seatsPerRow: 20, rowCategories: [0]);

        for (int seat = 0; seat < 20; seat++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(1, 8).Select(buyer =>
                service.OrderAsync(session, buyer, $"seat-{seat}-buyer-{buyer}", new { seats = new[] { seat } })));

            Assert.Single(answers, answer => answer.Status == HttpStatusCode.Created);
            Assert.Equal(7, answers.Count(answer => answer.Status == HttpStatusCode.Conflict));
        }
    }

    [Fact]
    public async Task Of_two_concurrent_overlapping_orders_one_wins_and_the_loser_holds_nothing()
    {
        var session = await service.CreateSessionAsync(rows: 1, seatsPerRow: 40, rowCategories: [0]);

        for (int round = 0; round < 10; round++)
        {
            int left = 4 * round, middle = left + 1, right = left + 2;
            var answers = await Task.WhenAll(
                service.OrderAsync(session, 1, $"left-{round}", new { seats = new[] { left, middle } }),
                service.OrderAsync(session, 2, $"right-{round}", new { seats = new[] { middle, right } }));
            Assert.Single(answers, answer => answer.Status == HttpStatusCode.Created);

            // The loser's other seat is still free; the winner's is not.
            var leftAfter = await service.OrderAsync(session, 3, $"left-after-{round}", new { seats = new[] { left } });
            var rightAfter = await service.OrderAsync(session, 3, $"right-after-{round}", new { seats = new[] { right } });
            Assert.Equal(answers[0].Status == HttpStatusCode.Created ? HttpStatusCode.Conflict : HttpStatusCode.Created, leftAfter.Status);
            Assert.Equal(answers[1].Status == HttpStatusCode.Created ? HttpStatusCode.Conflict : HttpStatusCode.Created, rightAfter.Status);
        }
    }

    [Fact]
    public async Task Best_n_takes_the_lowest_free_seats_of_the_category_and_says_sold_out_when_too_few_are_left()
    {
        // Row 0 (seats 0-2) category 0, row 1 (seats 3-5) category 1, row 2 (seats 6-8) category 0.
        var session = await service.CreateSessionAsync(rows: 3, seatsPerRow: 3, rowCategories: [0, 1, 0]);
        Assert.Equal(HttpStatusCode.Created, (await service.OrderAsync(session, 1, "explicit", new { seats = new[] { 1 } })).Status);

        var best = await service.OrderAsync(session, 2, "best-3", new { count = 3, category = 0 });
        Assert.Equal(HttpStatusCode.Created, best.Status);
        Assert.Equal([0, 2, 6], best.Order!.Seats);

        var tooMany = await service.OrderAsync(session, 3, "best-3-again", new { count = 3, category = 0 });
        Assert.Equal(HttpStatusCode.Conflict, tooMany.Status);

        var rest = await service.OrderAsync(session, 3, "best-2", new { count = 2, category = 0 });
        Assert.Equal([7, 8], rest.Order!.Seats);
        var otherCategory = await service.OrderAsync(session, 4, "category-1", new { count = 3, category = 1 });
        Assert.Equal([3, 4, 5], otherCategory.Order!.Seats);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_gets_the_first_answer_and_holds_nothing_more()
    {
        var session = await service.CreateSessionAsync(rows: 1, seatsPerRow: 10, rowCategories: [0]);

        var first = await service.OrderAsync(session, 42, "once", new { count = 2, category = 0 });
        var again = await service.OrderAsync(session, 42, "once", new { count = 2, category = 0 });
        var otherBody = await service.OrderAsync(session, 42, "once", new { seats = new[] { 5 } });
        var next = await service.OrderAsync(session, 43, "other-buyer", new { count = 2, category = 0 });

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Order!.OrderId, again.Order!.OrderId);
        Assert.Equal([0, 1], first.Order.Seats);
        Assert.Equal(first.Order.Seats, again.Order.Seats);
        Assert.Equal(HttpStatusCode.Conflict, otherBody.Status);
        Assert.Equal([2, 3], next.Order!.Seats);
    }
}
