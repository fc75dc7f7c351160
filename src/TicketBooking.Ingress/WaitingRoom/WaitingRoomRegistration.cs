using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TicketBooking.ServiceDefaults;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Ingress.WaitingRoom;

/// <summary>The waiting rooms in the ingress: the store, the board and its listener, the admitter's host, the admission gate and the endpoints.</summary>
public static class WaitingRoomRegistration
{
    public static void AddWaitingRoom(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<WaitingRoomOptions>()
            .Bind(builder.Configuration.GetSection(WaitingRoomOptions.Section))
            .Validate(
                options => options.AdmitInterval > TimeSpan.Zero && options.BoardRefreshInterval > TimeSpan.Zero && options.MaxQueueWait > TimeSpan.Zero,
                "WaitingRoom:AdmitInterval, WaitingRoom:BoardRefreshInterval and WaitingRoom:MaxQueueWait must be positive.")
            .ValidateOnStart();
        services.AddSingleton(provider => new AdmissionTokens(provider.GetRequiredService<IOptions<IngressOptions>>().Value.AdmissionTokenSecret));
        services.AddSingleton<WaitingRoomStore>();
        services.AddSingleton<WaitingRoomAdmitter>();
        services.AddSingleton<RoomBoard>();
        services.AddSingleton<QueueStandingReader>();
        services.AddSingleton<SessionRooms>();
        services.AddSingleton<WaitingRoomMetrics>();
        services.AddSingleton<RoomBoardListener>();

        // The listener first: its start migrates schema waiting_room, which the admitter writes.
        services.AddHostedService(provider => provider.GetRequiredService<RoomBoardListener>());
        services.AddHostedService<WaitingRoomAdmitterService>();
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration("waiting-rooms", provider => provider.GetRequiredService<RoomBoardListener>(), null, [ServiceDefaultsExtensions.ReadyTag]));
    }

    public static void MapWaitingRoom(this IEndpointRouteBuilder routes, string rateLimitPolicy)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.ServiceProvider.GetRequiredService<WaitingRoomMetrics>(); // its gauge observes from now on
        routes.MapWaitingRoomAdminEndpoints();
        routes.MapQueueEndpoints(rateLimitPolicy);
    }
}
