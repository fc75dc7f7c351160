using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TicketBooking.ServiceDefaults;

/// <summary>
/// Traces, logs and metrics over OTLP, for a deployment that runs a collector: switched on by the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and shaped by the other <c>OTEL_*</c> variables the exporter reads,
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c>, ...). Without it no tracer or OpenTelemetry
/// log provider is registered, so a drop pays for no activity and no log record beyond today's.
/// </summary>
public static class OtlpExport
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Npgsql's own activity source: one span per command, no extra package needed.</summary>
    private const string NpgsqlActivitySource = "Npgsql";

    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[EndpointVariable]);
    }

    internal static void Add(OpenTelemetryBuilder telemetry, IHostApplicationBuilder builder, IReadOnlyCollection<string> activitySources)
    {
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : builder.Environment.ApplicationName;
        telemetry
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource([.. activitySources, NpgsqlActivitySource])
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsProbe(context.Request.Path)))
            .WithLogging()
            .UseOtlpExporter();
    }

    // Health checks and scrapes come every few seconds from machines, not buyers: spans of them would drown the rest.
    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}
