using Microsoft.Extensions.Diagnostics.HealthChecks;
using TicketBooking.Projections.Statistics;
using TicketBooking.Projections.Notifications;
using TicketBooking.ServiceDefaults;

namespace TicketBooking.Projections;

/// <summary>
/// Composes the projections worker: the order projector (schema <c>projections</c>) and the statistics projector
/// (schema <c>statistics</c>), each a single writer by its advisory lock, health and metrics. Several may run side by side; one writes, the others stand by.
/// </summary>
public static class ProjectionsHost
{
    public const string DefaultUrl = "http://127.0.0.1:5380";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddServiceDefaults([ProjectionMetrics.MeterName]);
        builder.AddNats("TicketBooking.Projections");
        builder.AddPostgres();
        var services = builder.Services;
        services.AddOptions<ProjectionsOptions>()
            .Bind(builder.Configuration.GetSection(ProjectionsOptions.Section))
            .Validate(options => options.BatchesPerTransaction > 0, "Projections:BatchesPerTransaction must be positive.")
            .Validate(options => options.MaxLag >= 0, "Projections:MaxLag must not be negative.")
            .Validate(options => options.Linger >= TimeSpan.Zero && options.LockPollInterval > TimeSpan.Zero, "Projections:Linger must not be negative and Projections:LockPollInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<ProjectorStatus>();
        services.AddSingleton<ProjectionMetrics>();
        services.AddHostedService<OrderProjector>();
        services.AddSingleton<StatisticsMetrics>();
        services.AddSingleton<StatisticsProjectorStatus>();
        services.AddHostedService<StatisticsProjector>();
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration("order-projector", provider => provider.GetRequiredService<ProjectorStatus>(), null, [ServiceDefaultsExtensions.ReadyTag]))
            .Add(new HealthCheckRegistration("statistics-projector", provider => provider.GetRequiredService<StatisticsProjectorStatus>(), null, [ServiceDefaultsExtensions.ReadyTag]));
        builder.AddNotifications();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }
}
