using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using TicketBooking.Ingress.Admin;
using TicketBooking.Ingress.Availability;
using TicketBooking.Ingress.Catalog;
using TicketBooking.Ingress.Notifications;
using TicketBooking.Ingress.Orders;
using TicketBooking.Ingress.Promotions;
using TicketBooking.Ingress.Statistics;
using TicketBooking.Ingress.WaitingRoom;
using TicketBooking.Ingress.Web;
using TicketBooking.Messaging;
using TicketBooking.Projections.Orders;
using TicketBooking.Identity;
using TicketBooking.ServiceDefaults;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Ingress;

/// <summary>
/// Composes the ingress: connections, the catalog view, the decision and availability followers, the
/// endpoints, the buyer's page, problem details, the per-buyer rate limit, health, metrics and the OpenAPI document.
/// Stateless apart from caches, so several instances may run side by side.
/// </summary>
public static class IngressHost
{
    public const string DefaultUrl = "http://127.0.0.1:5180";
    public const string BuyerRatePolicy = "buyer";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddServiceDefaults([IngressMetrics.MeterName], [MessagingActivities.SourceName]);
        builder.AddNats("TicketBooking.Ingress");
        builder.AddPostgres();
        var services = builder.Services;
        services.AddOptions<IngressOptions>()
            .Bind(builder.Configuration.GetSection(IngressOptions.Section))
            .Validate(options => options.BuyerRatePermits > 0 && options.BuyerRateWindow > TimeSpan.Zero, "Ingress:BuyerRatePermits and Ingress:BuyerRateWindow must be positive.")
            .Validate(
                options => options.ClientIpRatePermits > 0 && options.ClientIpRateWindow > TimeSpan.Zero && options.GlobalRatePermits > 0 && options.GlobalRateWindow > TimeSpan.Zero,
                "Ingress:ClientIpRatePermits, Ingress:ClientIpRateWindow, Ingress:GlobalRatePermits and Ingress:GlobalRateWindow must be positive.")
            .Validate(
                options => options.MaxStreamsPerClientIp > 0 && options.MaxStreams >= options.MaxStreamsPerClientIp && options.MaxStreamLifetime > TimeSpan.Zero,
                "Ingress:MaxStreamsPerClientIp must be positive, Ingress:MaxStreams at least as large, and Ingress:MaxStreamLifetime positive.")
            .Validate(options => options.PublishTimeout > TimeSpan.Zero && options.CatalogRefreshInterval > TimeSpan.Zero, "Ingress:PublishTimeout and Ingress:CatalogRefreshInterval must be positive.")
            .Validate(options => options.TicketCodeSecret.Length >= IngressOptions.MinSecretLength, $"Ingress:TicketCodeSecret must be set, at least {IngressOptions.MinSecretLength} characters, the same on every instance (./tb generates one into .data/secrets).")
            .Validate(options => options.AdmissionTokenSecret.Length >= IngressOptions.MinSecretLength, $"Ingress:AdmissionTokenSecret must be set, at least {IngressOptions.MinSecretLength} characters, the same on every instance (./tb generates one into .data/secrets).")
            .Validate(options => options.Currency is [>= 'A' and <= 'Z', >= 'A' and <= 'Z', >= 'A' and <= 'Z'], "Ingress:Currency must be an upper-case ISO 4217 code such as EUR, the wallet's currency.")
            .Validate(options => options.MaxFollowerLag >= 0, "Ingress:MaxFollowerLag must not be negative.")
            .Validate(options => options.GroupCommitMaxPurchases is > 0 and <= Engine.Commands.InputBatch.MaxCommands && options.PartitionCount > 0, $"Ingress:GroupCommitMaxPurchases must be 1..{Engine.Commands.InputBatch.MaxCommands} and Ingress:PartitionCount positive.")
            .ValidateOnStart();
        services.AddSingleton<InputPublisher>();
        services.AddSingleton<InputHistoryReader>();
        services.AddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<IngressOptions>>().Value;
            return new GroupCommitPublisher(
                provider.GetRequiredService<InputPublisher>(),
                new GroupCommitOptions { PartitionCount = settings.PartitionCount, MaxCommands = settings.GroupCommitMaxPurchases, PublishTimeout = settings.PublishTimeout });
        });
        builder.AddTokenAuthentication();
        builder.AddNotifications();
        services.AddBlockList(builder.Configuration);
        services.AddSingleton(provider => new TicketCodes(provider.GetRequiredService<IOptions<IngressOptions>>().Value.TicketCodeSecret));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CatalogStore>();
        services.AddSingleton<CityStore>();
        services.AddSingleton<VenueStore>();
        services.AddSingleton<HallStore>();
        services.AddSingleton<ArtistStore>();
        services.AddSingleton<EventStore>();
        services.AddSingleton<Ownership>();
        services.AddSingleton<PromoCodeStore>();
        services.AddSingleton<CatalogView>();
        services.AddHostedService(provider => provider.GetRequiredService<CatalogView>());
        services.AddSingleton(provider => new IdempotencyKeys(provider.GetRequiredService<IOptions<IngressOptions>>().Value.IdempotencyKeyCapacity));
        services.AddSingleton(provider => new OrderStatusCache(provider.GetRequiredService<IOptions<IngressOptions>>().Value.OrderCacheCapacity));
        services.AddSingleton<IngressFollowers>();
        services.AddHostedService<DecisionFollower>();
        services.AddSingleton<IngressMetrics>();
        services.AddSingleton<OrderProjectionReader>();
        services.AddSingleton<OrderProjection>();
        services.AddSingleton<StatisticsStore>();

        services.AddSingleton<EventStreamSlots>();
        services.AddSingleton<AvailabilityBoard>();
        services.AddHostedService<AvailabilityFollower>();
        builder.AddWaitingRoom();
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration("catalog", provider => provider.GetRequiredService<CatalogView>(), null, [ServiceDefaultsExtensions.ReadyTag]))
            .AddNatsReadiness()
            .AddReadinessProbe("decisions-follower", provider => FollowerReadiness(provider, followers => followers.Decisions))
            .AddReadinessProbe("availability-follower", provider => FollowerReadiness(provider, followers => followers.Availability));
        services.AddProblemDetails();
        services.AddBuyerPage(builder.Configuration);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = RequestRateLimits.Create();
            limiter.AddPolicy(BuyerRatePolicy, BuyerPartition);
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var window = context.HttpContext.RequestServices.GetRequiredService<IOptions<IngressOptions>>().Value.BuyerRateWindow;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                await Problems.RetryLater(context.HttpContext, StatusCodes.Status429TooManyRequests, seconds, "Too many requests; retry after the time in Retry-After.")
                    .ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            };
        });
        services.AddOpenApiContract(new OpenApiContract(
            "TicketBooking ingress",
            "The buyers' API of the ticket-drop system: sessions on sale and their seat maps, live availability, orders (placed, long-polled, streamed, cancelled) and catalog administration for organizers. Orders are accepted once they are in the engine's input log and decided asynchronously. Access tokens come from the wallet's identity endpoints (POST /api/auth/token).",
            new Uri(DefaultUrl)));

        var app = builder.Build();
        app.Services.GetRequiredService<IngressMetrics>(); // its gauges observe from now on
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseBuyerPage();
        app.UseTokenAuthentication();
        app.UseRateLimiter();
        app.MapDefaultEndpoints();
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapAdminEndpoints();
        app.MapCatalogEndpoints();
        app.MapAvailabilityEndpoints();
        app.MapOrderEndpoints(BuyerRatePolicy);
        app.MapStatisticsEndpoints();
        app.MapNotifications(BuyerRatePolicy);
        app.MapWaitingRoom(BuyerRatePolicy);
        return app;
    }

    /// <summary>A follower is ready while it has a live consumer and is at most Ingress:MaxFollowerLag messages behind.</summary>
    private static Func<(bool IsReady, string Description)> FollowerReadiness(IServiceProvider provider, Func<IngressFollowers, Messaging.Consuming.ConsumerProgress> follower)
    {
        var progress = follower(provider.GetRequiredService<IngressFollowers>());
        var maxLag = (ulong)provider.GetRequiredService<IOptions<IngressOptions>>().Value.MaxFollowerLag;
        return () => progress.Readiness(maxLag);
    }

    private static RateLimitPartition<long> BuyerPartition(HttpContext context)
    {
        if (!Caller.TryGetId(context.User, out var buyer))
        {
            return RateLimitPartition.GetNoLimiter(0L);
        }

        var options = context.RequestServices.GetRequiredService<IOptions<IngressOptions>>().Value;
        return RateLimitPartition.GetTokenBucketLimiter(buyer, _ => RequestRateLimits.Bucket(options.BuyerRatePermits, options.BuyerRateWindow));
    }
}
