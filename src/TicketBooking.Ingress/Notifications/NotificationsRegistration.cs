using TicketBooking.Notifications;

namespace TicketBooking.Ingress.Notifications;

/// <summary>The ingress's notification reads, the one listener that feeds their streams, and webhook subscriptions.</summary>
public static class NotificationsRegistration
{
    public static void AddNotifications(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<NotificationOptions>()
            .Bind(builder.Configuration.GetSection(NotificationOptions.Section))
            .Validate(options => options.MaxSubscriptionsPerOwner > 0 && options.MaxStreamsPerBuyer > 0, "Notifications:MaxSubscriptionsPerOwner and Notifications:MaxStreamsPerBuyer must be positive.")
            .Validate(options => options.HeartbeatInterval > TimeSpan.Zero && options.ListenerSweepInterval > TimeSpan.Zero, "Notifications:HeartbeatInterval and Notifications:ListenerSweepInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<NotificationReader>();
        builder.Services.AddSingleton<WebhookSubscriptions>();
        builder.Services.AddSingleton<NotificationFanout>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<NotificationFanout>());
    }

    public static void MapNotifications(this IEndpointRouteBuilder routes, string rateLimitPolicy)
    {
        routes.MapNotificationEndpoints(rateLimitPolicy);
        routes.MapWebhookEndpoints();
    }
}
