using System.Net;
using TicketBooking.LoadTests.Reporting;
using TicketBooking.LoadTests.Running;
using TicketBooking.LoadTests.Scenarios;

namespace TicketBooking.LoadTests.Tests;

public class StepRunnerTests
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(10, 10, 90)]
    [InlineData(1000, 100, 0)]
    public async Task Unanswered_requests_never_slow_the_pacer_and_requests_over_the_cap_are_dropped_and_counted(int maxInFlight, long started, long dropped)
    {
        var time = new ManualTimeProvider();
        using var handler = new HeldHandler();
        using var client = new HttpClient(handler);
        var runner = new StepRunner(client, new HttpGetScenario(new Uri("http://127.0.0.1:1/")), Settings(maxInFlight), time);

        var run = runner.RunAsync(new LoadStep(100, TimeSpan.Zero, TimeSpan.FromSeconds(1)), CancellationToken.None);
        await handler.Received(1);
        var draining = time.TimerCreated(due => due == DrainTimeout);
        time.Advance(TimeSpan.FromSeconds(1));
        await draining;
        handler.Release();
        var report = StepReport.Create(1, await run);

        Assert.Equal(100, report.Scheduled);
        Assert.Equal(started, report.Started);
        Assert.Equal(started, report.Ok);
        Assert.Equal(dropped, report.Dropped);
        Assert.Equal(0, report.Failed);
        Assert.Equal(0, report.Unfinished);
        Assert.Equal(started, handler.Count);
        Assert.Equal(started - 1, report.LateStarts); // all but request 0 were sent at 1 s
        Assert.Equal(dropped / 100.0, report.ErrorRate, precision: 6);
    }

    [Fact]
    public async Task Latency_is_measured_from_the_scheduled_start_not_from_when_the_request_was_sent()
    {
        var time = new ManualTimeProvider();
        using var handler = new HeldHandler();
        using var client = new HttpClient(handler);
        var runner = new StepRunner(client, new HttpGetScenario(new Uri("http://127.0.0.1:1/")), Settings(1000), time);

        // 10 requests due every 100 ms; the first is sent on time, the pacer then stalls until 1 s
        // and sends the other nine at once; every answer comes at 1.5 s.
        var run = runner.RunAsync(new LoadStep(10, TimeSpan.Zero, TimeSpan.FromSeconds(1)), CancellationToken.None);
        await handler.Received(1);
        var draining = time.TimerCreated(due => due == DrainTimeout);
        time.Advance(TimeSpan.FromSeconds(1));
        await draining;
        await handler.Received(10);
        time.Advance(TimeSpan.FromSeconds(0.5));
        handler.Release();
        var report = StepReport.Create(1, await run);

        var latency = Assert.IsType<LatencySummary>(report.Latency);
        Assert.Equal(10, latency.Count);
        Assert.Equal(1500, latency.Max, tolerance: 2);  // request 0, scheduled at 0 (histogram buckets are ~1 ms wide here)
        Assert.Equal(1050, latency.Mean, tolerance: 2); // 1500, 1400, ..., 600
        Assert.Equal(9, report.LateStarts);
        Assert.Equal(900, report.StartLag!.Max, tolerance: 1); // request 1, due at 100 ms, sent at 1 s
    }

    [Fact]
    public async Task Warmup_requests_are_sent_but_not_recorded()
    {
        var time = new ManualTimeProvider();
        using var handler = new HeldHandler();
        using var client = new HttpClient(handler);
        var runner = new StepRunner(client, new HttpGetScenario(new Uri("http://127.0.0.1:1/")), Settings(1000), time);

        var run = runner.RunAsync(new LoadStep(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), CancellationToken.None);
        var draining = time.TimerCreated(due => due == DrainTimeout);
        time.Advance(TimeSpan.FromSeconds(2));
        await draining;
        await handler.Received(20);
        handler.Release();
        var report = StepReport.Create(1, await run);

        Assert.Equal(20, handler.Count);
        Assert.Equal(10, report.Scheduled);
        Assert.Equal(10, report.Ok);
    }

    [Fact]
    public async Task Statuses_errors_and_follow_up_outcomes_are_counted_apart()
    {
        var time = new ManualTimeProvider();
        using var handler = new ScriptedHandler(index => index switch
        {
            0 or 1 => new HttpResponseMessage(HttpStatusCode.Accepted),
            2 => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused"),
        });
        using var client = new HttpClient(handler);
        var runner = new StepRunner(client, new FollowedScenario(new Decide()), Settings(1000), time);

        var run = runner.RunAsync(new LoadStep(4, TimeSpan.Zero, TimeSpan.FromSeconds(1)), CancellationToken.None);
        var draining = time.TimerCreated(due => due == DrainTimeout);
        time.Advance(TimeSpan.FromSeconds(1));
        await draining;
        var report = StepReport.Create(1, await run);

        Assert.Equal(4, report.Scheduled);
        Assert.Equal(2, report.Ok);
        Assert.Equal(2, report.Failed);
        Assert.Equal(new Dictionary<string, long> { ["202"] = 2, ["503"] = 1 }, report.StatusCodes);
        Assert.Equal(new Dictionary<string, long> { ["ConnectionError"] = 1 }, report.Errors);
        Assert.Equal(new Dictionary<string, long> { ["decided"] = 2 }, report.Outcomes);
        Assert.Equal(2, report.TimeToDecision!.Count);
        Assert.Equal(0.5, report.ErrorRate, precision: 6);
    }

    private static LoadSettings Settings(int maxInFlight) => new()
    {
        MaxInFlight = maxInFlight,
        DrainTimeout = DrainTimeout,
        LateAfter = TimeSpan.FromMilliseconds(5),
        RequestTimeout = TimeSpan.FromHours(1),
    };

    // Holds every request until released; counts them.
    private sealed class HeldHandler : HttpMessageHandler
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Release() => _release.TrySetResult();

        public Task Received(int count)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_count >= count)
                {
                    return Task.CompletedTask;
                }

                _waiters.Add((count, reached));
            }

            return reached.Task;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                _count++;
                foreach (var waiter in _waiters.Where(waiter => waiter.Count <= _count).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Reached.TrySetResult();
                }
            }

            await _release.Task.WaitAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    // Answers by request index (read from the URL of FollowedScenario).
    private sealed class ScriptedHandler(Func<int, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(int.Parse(request.RequestUri!.Segments[^1], System.Globalization.CultureInfo.InvariantCulture)));
    }

    private sealed class FollowedScenario(IFollowUp followUp) : IScenario
    {
        public string Name => "followed";

        public string Description => "test";

        public IFollowUp? FollowUp => followUp;

        public ScenarioRequest CreateRequest(RequestContext context) => new(HttpMethod.Post, new Uri($"http://127.0.0.1:1/orders/{context.Index}"));
    }

    private sealed class Decide : IFollowUp
    {
        public string Description => "decide";

        public async Task<FollowUpOutcome> RunAsync(FollowUpContext context, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return new FollowUpOutcome("decided", Decided: true);
        }
    }
}
