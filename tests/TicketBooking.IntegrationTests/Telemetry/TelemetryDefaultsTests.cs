using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
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

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
