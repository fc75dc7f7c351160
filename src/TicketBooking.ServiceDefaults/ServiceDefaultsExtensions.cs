using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace TicketBooking.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>Tag of the health checks that decide readiness (live only says the process answers).</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// The log levels a drop runs with, below every other configuration source (appsettings, environment,
    /// command line), so each can still change them. Each service's appsettings.json states the same levels
    /// where an operator looks for them; these hold when a service starts from another directory, where
    /// ASP.NET finds no appsettings.json. ASP.NET Core writes several Information lines per
    /// request, which at thousands of requests a second cost more CPU than the request itself: they start
    /// at Warning, and access logs are opt-in (<c>Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information</c>).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> DefaultLogLevels = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
    };

    /// <summary>
    /// Production log levels (<see cref="DefaultLogLevels"/>), health checks, and metrics from
    /// <paramref name="meters"/> plus ASP.NET Core and the runtime, scraped at /metrics. Traces (of
    /// <paramref name="activitySources"/>, ASP.NET Core requests and Npgsql commands) and logs are exported too,
    /// with the metrics, only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (<see cref="OtlpExport"/>): by
    /// default nothing listens to the activity sources, so they cost nothing, and nothing is sent anywhere.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, IReadOnlyCollection<string> meters, IReadOnlyCollection<string>? activitySources = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(meters);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = DefaultLogLevels });
        builder.Services.AddHealthChecks();
        var telemetry = builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter([.. meters])
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        if (OtlpExport.IsConfigured(builder.Configuration))
        {
            OtlpExport.Add(telemetry, builder, activitySources ?? []);
        }

        return builder;
    }

    /// <summary>GET /health/live, GET /health/ready and GET /metrics (Prometheus text format).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapPrometheusScrapingEndpoint();
        return app;
    }

    /// <summary>A readiness check named <paramref name="name"/> that asks what <paramref name="probe"/> builds from the services.</summary>
    public static IHealthChecksBuilder AddReadinessProbe(this IHealthChecksBuilder builder, string name, Func<IServiceProvider, Func<(bool IsReady, string Description)>> probe)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name, provider => new ReadinessProbe(probe(provider)), null, [ReadyTag]));
    }

    public static IHealthChecksBuilder AddReadinessCheck<T>(this IServiceCollection services, string name)
        where T : class, IHealthCheck =>
        services.AddHealthChecks().AddCheck<T>(name, tags: [ReadyTag]);
}
