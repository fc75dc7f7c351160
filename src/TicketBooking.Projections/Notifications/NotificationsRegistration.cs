using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TicketBooking.ServiceDefaults;

namespace TicketBooking.Projections.Notifications;

/// <summary>The notification projector and the webhook delivery worker in the projections worker, with their options and readiness.</summary>
public static class NotificationsRegistration
{
    public static void AddNotifications(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<NotificationsOptions>()
            .Bind(builder.Configuration.GetSection(NotificationsOptions.Section))
            .Validate(options => options.BatchesPerTransaction > 0 && options.DeliveriesPerClaim > 0, "Notifications:BatchesPerTransaction and Notifications:DeliveriesPerClaim must be positive.")
            .Validate(options => options.LockPollInterval > TimeSpan.Zero && options.DeliveryPollInterval > TimeSpan.Zero && options.HttpTimeout > TimeSpan.Zero, "Notifications:LockPollInterval, DeliveryPollInterval and HttpTimeout must be positive.")
            .Validate(
                options => options.FirstRetryDelay > TimeSpan.Zero && options.MaxRetryDelay >= options.FirstRetryDelay && options.MaxAttempts > 0 && options.RetryJitterFraction is >= 0 and <= 1,
                "Notifications:FirstRetryDelay must be positive, MaxRetryDelay at least as long, MaxAttempts positive and RetryJitterFraction within 0..1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<NotificationProjectorStatus>();
        services.AddHostedService<NotificationProjector>();
        services.AddHttpClient(WebhookDeliveryWorker.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddHostedService<WebhookDeliveryWorker>();
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration("notification-projector", provider => provider.GetRequiredService<NotificationProjectorStatus>(), null, [ServiceDefaultsExtensions.ReadyTag]));
    }
}
