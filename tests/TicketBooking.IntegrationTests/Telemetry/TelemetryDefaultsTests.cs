using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using TicketBooking.ServiceDefaults;

namespace TicketBooking.IntegrationTests.Telemetry;

public sealed class TelemetryDefaultsTests
{
    [Fact]
    public async Task Without_an_OTLP_endpoint_nothing_traces_and_nothing_is_exported()
    {
        var source = $"TicketBooking.Tests.Untraced.{Guid.NewGuid():N}";
        var builder = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0", $"--{OtlpExport.EndpointVariable}="]);
        builder.AddServiceDefaults(["TicketBooking.Tests"], [source]);
        await using var app = builder.Build();

        Assert.Null(app.Services.GetService<TracerProvider>());
        using var activities = new ActivitySource(source);
        Assert.False(activities.HasListeners());
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_the_services_activity_sources_are_traced()
    {
        var source = $"TicketBooking.Tests.Traced.{Guid.NewGuid():N}";
        var builder = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0", $"--{OtlpExport.EndpointVariable}=http://127.0.0.1:{ClosedPort()}"]);
        builder.AddServiceDefaults(["TicketBooking.Tests"], [source]);
        await using var app = builder.Build();

        Assert.NotNull(app.Services.GetService<TracerProvider>());
        using var activities = new ActivitySource(source);
        Assert.True(activities.HasListeners());
        using var activity = activities.StartActivity("tb.test");
        Assert.NotNull(activity);
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_spans_and_logs_reach_the_collector()
    {
        var source = $"TicketBooking.Tests.Exported.{Guid.NewGuid():N}";
        var port = ClosedPort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new ConcurrentQueue<string>();
        var collecting = CollectAsync(collector, received);
        var builder = WebApplication.CreateBuilder(
        [
            "--urls=http://127.0.0.1:0",
            $"--{OtlpExport.EndpointVariable}=http://127.0.0.1:{port}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
        ]);
        builder.AddServiceDefaults(["TicketBooking.Tests"], [source]);
        await using (var app = builder.Build())
        {
            app.Services.GetRequiredService<TracerProvider>();
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TicketBooking.Tests").LogWarning("A log line for the collector");
            using var activities = new ActivitySource(source);
            using (activities.StartActivity("tb.test"))
            {
            }
        }

        // Disposing the host flushed what was buffered.
        collector.Stop();
        await collecting;
        Assert.Contains("/v1/traces", received);
        Assert.Contains("/v1/logs", received);
    }

    private static async Task CollectAsync(HttpListener collector, ConcurrentQueue<string> paths)
    {
        try
        {
            while (true)
            {
                var context = await collector.GetContextAsync();
                paths.Enqueue(context.Request.Url!.AbsolutePath);
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The listener stopped.
        }
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
