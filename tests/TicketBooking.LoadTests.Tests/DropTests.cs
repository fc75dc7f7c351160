using System.Net;
using System.Text.Json.Nodes;
using TicketBooking.LoadTests.Audit;
using TicketBooking.LoadTests.Drop;
using TicketBooking.LoadTests.Reporting;
using TicketBooking.LoadTests.Scenarios;

namespace TicketBooking.LoadTests.Tests;

public class DropTests
{
    private static readonly Uri Ingress = new("http://127.0.0.1:5180");

    [Fact]
    public void A_plan_from_the_clock_takes_its_ids_from_the_milliseconds()
    {
        var plan = DropPlan.FromClock(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), sessions: 1000, rows: 10, seatsPerRow: 20);

        Assert.Equal(1_700_000_000_123, plan.HallId);
        Assert.Equal(1_700_000_000_123, plan.FirstSessionId);
        Assert.Equal(1_700_000_001_122, plan.LastSessionId);
        Assert.Equal(200, plan.SeatsPerSession);
        Assert.Equal(1000, plan.SessionIds.Distinct().Count());
    }

    [Fact]
    public void A_showcased_drop_puts_its_hall_in_its_venue_and_its_sessions_under_its_event()
    {
        var plan = new DropPlan(7, 7, 1, 2, 3) { Showcase = new DropShowcase(7) };

        var paths = plan.Showcase.Calls().Select(call => call.Path).ToList();
        Assert.Equal(["/api/admin/cities/1", "/api/admin/venues/7", "/api/admin/artists/7", "/api/admin/events/7"], paths);
        Assert.Equal(7, (long?)plan.HallBody()["venueId"]);
        var session = plan.SessionBody(7, DateTimeOffset.UnixEpoch);
        Assert.Equal(7, (long?)session["eventId"]);
        Assert.False(session.ContainsKey("title"));
    }

    [Fact]
    public void A_plain_drop_names_no_venue_or_event()
    {
        var plan = new DropPlan(7, 7, 1, 2, 3);

        Assert.False(plan.HallBody().ContainsKey("venueId"));
        Assert.False(plan.SessionBody(7, DateTimeOffset.UnixEpoch).ContainsKey("eventId"));
    }

    [Fact]
    public void The_hall_has_the_rows_and_two_categories_split_by_rows()
    {
        var hall = new DropPlan(7, 7, 1, 100, 200).HallBody();

        var rows = hall["rows"]!.AsArray();
        Assert.Equal(100, rows.Count);
        Assert.Equal("A", (string?)rows[0]!["label"]);
        Assert.Equal("R100", (string?)rows[99]!["label"]);
        Assert.Equal(100, rows.Select(row => (string?)row!["label"]).Distinct().Count());
        Assert.All(rows, row => Assert.Equal(200, row!["categories"]!.AsArray().Count));
        Assert.Equal(10_000, rows.Take(50).Sum(row => row!["categories"]!.AsArray().Count(c => (int)c! == 0)));
        Assert.Equal(10_000, rows.Skip(50).Sum(row => row!["categories"]!.AsArray().Count(c => (int)c! == 1)));
    }

    [Fact]
    public void A_session_body_opens_a_future_session_of_the_hall()
    {
        var now = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var body = new DropPlan(7, 100, 3, 2, 2).SessionBody(101, now);

        Assert.Equal(101, (long)body["id"]!);
        Assert.Equal(7, (long)body["hallId"]!);
        Assert.Equal("2030-01-31T12:00:00Z", (string?)body["startsAt"]);
        Assert.Equal(2, body["prices"]!.AsArray().Count);
        Assert.Equal(DropPlan.MaxSeatsPerBuyer, (int)body["maxSeatsPerBuyer"]!);
    }

    [Fact]
    public void The_orders_url_picks_one_of_the_sessions()
    {
        Assert.Equal("http://127.0.0.1:5180/api/sessions/42/orders", new DropPlan(42, 42, 1, 1, 1).OrdersUrlTemplate(Ingress));

        var spread = new DropPlan(1, 1000, 1000, 10, 20).OrdersUrlTemplate(Ingress);
        Assert.Equal("http://127.0.0.1:5180/api/sessions/{{int:1000:1999}}/orders", spread);
        var template = RequestTemplate.Parse(spread);
        for (int index = 0; index < 200; index++)
        {
            var id = long.Parse(template.Expand(new RequestContext(index, 7)).Split('/')[5], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(id, 1000, 1999);
        }
    }

    [Theory]
    [InlineData(0, 1, 1, 1, 1)]
    [InlineData(1, 1, 0, 1, 1)]
    [InlineData(1, 1, 1, 0, 1)]
    [InlineData(1, (1L << 53) - 1, 2, 1, 1)]
    public void Out_of_range_plans_are_refused(long hall, long first, int sessions, int rows, int seats) =>
        Assert.Throws<ArgumentException>(() => new DropPlan(hall, first, sessions, rows, seats).Validate());

    [Fact]
    public async Task The_creator_puts_the_hall_then_posts_every_session_with_the_admin_key_retrying_a_503()
    {
        var handler = new RecordingHandler(failFirstSessionPostWith503: true);
        using var client = new HttpClient(handler);
        var creator = new DropCreator(client, Ingress, "k", TimeProvider.System) { RetryDelay = TimeSpan.FromMilliseconds(1), Concurrency = 2 };

        await creator.CreateAsync(new DropPlan(5, 10, 3, 2, 2), CancellationToken.None);

        Assert.Equal("PUT /api/admin/halls/5", handler.Calls[0]);
        Assert.Equal(5, handler.Calls.Count);
        Assert.Equal([10L, 11L, 12L], handler.CreatedSessions.Order());
        Assert.All(handler.AdminKeys, key => Assert.Equal("k", key));
    }

    [Fact]
    public async Task The_creator_fails_on_a_refused_session()
    {
        using var client = new HttpClient(new RecordingHandler(failFirstSessionPostWith503: false, refuseWith: HttpStatusCode.UnprocessableEntity));
        var creator = new DropCreator(client, Ingress, "k", TimeProvider.System) { RetryDelay = TimeSpan.FromMilliseconds(1) };

        var error = await Assert.ThrowsAsync<DropFailedException>(() => creator.CreateAsync(new DropPlan(5, 10, 1, 1, 1), CancellationToken.None));
        Assert.Contains("422", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_audit_passes_when_every_accepted_request_was_decided()
    {
        var checks = ReportAudit.Check(Report(Step(1, ok: 10, new() { ["held"] = 9, ["rejected"] = 1 })));

        var check = Assert.Single(checks);
        Assert.True(check.Passed);
        Assert.StartsWith("PASS step 1", check.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_audit_fails_on_deadlines_missing_follow_ups_or_unfinished_requests()
    {
        var checks = ReportAudit.Check(Report(
            Step(1, ok: 10, new() { ["held"] = 9, [PollUntilFinal.DeadlineOutcome] = 1 }),
            Step(2, ok: 10, new() { ["held"] = 8 }),
            Step(3, ok: 10, new() { ["held"] = 10 }, unfinished: 2),
            Step(4, ok: 0, [])));

        Assert.Equal([false, false, false, true], checks.Select(check => check.Passed));
        Assert.Contains("1 deadline", checks[0].Text, StringComparison.Ordinal);
        Assert.Contains("8 follow-ups for 10 accepted", checks[1].Text, StringComparison.Ordinal);
        Assert.Contains("2 unfinished", checks[2].Text, StringComparison.Ordinal);
        Assert.False(Assert.Single(ReportAudit.Check(Report())).Passed);
    }

    [Fact]
    public void The_audit_reads_a_report_back_from_its_json()
    {
        var json = JsonReport.Render(Report(Step(1, ok: 3, new() { ["held"] = 3 })));

        Assert.True(Assert.Single(ReportAudit.Check(JsonReport.Parse(json))).Passed);
    }

    private static RunReport Report(params StepReport[] steps) => new()
    {
        Command = "run",
        Scenario = "post-json",
        Description = "test",
        StartedAt = DateTimeOffset.UnixEpoch,
        Machine = MachineInfo.Current(),
        Settings = new RunSettings(1, 1, 1, 1, 1),
        Steps = steps,
    };

    private static StepReport Step(int number, long ok, Dictionary<string, long> outcomes, long unfinished = 0) => new()
    {
        Number = number,
        OfferedRate = 100,
        AchievedRate = ok,
        WarmupSeconds = 0,
        DurationSeconds = 1,
        Scheduled = ok + unfinished,
        Started = ok + unfinished,
        Ok = ok,
        Failed = 0,
        Dropped = 0,
        Unfinished = unfinished,
        LateStarts = 0,
        StartLag = null,
        ErrorRate = 0,
        StatusCodes = new Dictionary<string, long>(),
        Errors = new Dictionary<string, long>(),
        Latency = null,
        Outcomes = outcomes,
        TimeToDecision = null,
    };

    private sealed class RecordingHandler(bool failFirstSessionPostWith503, HttpStatusCode refuseWith = HttpStatusCode.Created) : HttpMessageHandler
    {
        private int _failed;

        public List<string> Calls { get; } = [];

        public List<long> CreatedSessions { get; } = [];

        public List<string> AdminKeys { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            lock (Calls)
            {
                Calls.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
                AdminKeys.Add(request.Headers.GetValues("Authorization").Single());
                if (request.Method == HttpMethod.Put)
                {
                    return new HttpResponseMessage(HttpStatusCode.OK);
                }

                if (failFirstSessionPostWith503 && _failed++ == 0)
                {
                    return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
                }

                if (refuseWith != HttpStatusCode.Created)
                {
                    return new HttpResponseMessage(refuseWith) { Content = new StringContent("invalid") };
                }

                CreatedSessions.Add((long)body["id"]!);
                return new HttpResponseMessage(HttpStatusCode.Created);
            }
        }
    }
}
