using System.Net;
using System.Net.Sockets;
using TicketBooking.LoadTests.Reporting;
using TicketBooking.LoadTests.Running;
using TicketBooking.LoadTests.Scenarios;
using TicketBooking.LoadTests.Target;

namespace TicketBooking.LoadTests.Tests;

/// <summary>Short real runs against the built-in target on 127.0.0.1 at a low rate: the counts must add up.</summary>
public sealed class LocalRunTests : IAsyncLifetime
{
    private static readonly TimeSpan DecideAfter = TimeSpan.FromMilliseconds(30);
    private Microsoft.AspNetCore.Builder.WebApplication? _target;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        _target = TargetServer.Build("http://127.0.0.1:0", DecideAfter);
        await _target.StartAsync();
        _base = new Uri(_target.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_http_get_step_answers_every_scheduled_request()
    {
        var settings = new LoadSettings { MaxConnectionsPerServer = 4 };
        using var client = LoadClient.Create(settings);
        var runner = new StepRunner(client, new HttpGetScenario(new Uri(_base, "/health/live")), settings, TimeProvider.System);

        var report = StepReport.Create(1, await runner.RunAsync(new LoadStep(50, TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(1)), CancellationToken.None));

        Assert.Equal(50, report.Scheduled);
        Assert.Equal(50, report.Started);
        Assert.Equal(report.Scheduled, report.Ok + report.Failed + report.Dropped + report.Unfinished);
        Assert.Equal(50, report.Ok);
        Assert.Equal(new Dictionary<string, long> { ["200"] = 50 }, report.StatusCodes);
        Assert.Equal(50, report.Latency!.Count);
        Assert.Equal(50, report.AchievedRate);
    }

    [Fact]
    public async Task A_post_json_step_polls_each_order_until_it_is_decided()
    {
        var settings = new LoadSettings { MaxConnectionsPerServer = 4 };
        using var client = LoadClient.Create(settings);
        var scenario = new PostJsonScenario(
            RequestTemplate.Parse(new Uri(_base, "/api/sessions/s{{int:1:3}}/orders").ToString()),
            RequestTemplate.Parse("""{"buyerId":"{{uuid}}","seats":{{int:1:4}}}"""),
            [],
            new PollUntilFinal(TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10), "status", ["confirmed", "rejected"]));
        var runner = new StepRunner(client, scenario, settings, TimeProvider.System);

        var report = StepReport.Create(1, await runner.RunAsync(new LoadStep(20, TimeSpan.Zero, TimeSpan.FromSeconds(1)), CancellationToken.None));

        Assert.Equal(20, report.Scheduled);
        Assert.Equal(20, report.Ok);
        Assert.Equal(new Dictionary<string, long> { ["202"] = 20 }, report.StatusCodes);
        Assert.Equal(new Dictionary<string, long> { ["confirmed"] = 20 }, report.Outcomes);
        Assert.Equal(20, report.TimeToDecision!.Count);
        Assert.True(report.TimeToDecision.P50 >= DecideAfter.TotalMilliseconds, "an order reads as pending until the target decides it");
    }

    [Fact]
    public async Task A_closed_port_counts_as_connection_refused_errors()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var settings = new LoadSettings();
        using var client = LoadClient.Create(settings);
        var runner = new StepRunner(client, new HttpGetScenario(new Uri($"http://127.0.0.1:{port}/")), settings, TimeProvider.System);

        var report = StepReport.Create(1, await runner.RunAsync(new LoadStep(20, TimeSpan.Zero, TimeSpan.FromSeconds(0.25)), CancellationToken.None));

        Assert.Equal(5, report.Failed);
        Assert.Equal(new Dictionary<string, long> { ["ConnectionError/ConnectionRefused"] = 5 }, report.Errors);
        Assert.Null(report.Latency);
        Assert.Equal(1, report.ErrorRate);
    }
}
