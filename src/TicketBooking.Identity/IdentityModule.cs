using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TicketBooking.Identity.Endpoints;
using TicketBooking.Identity.Tokens;
using TicketBooking.Identity.Users;
using TicketBooking.ServiceDefaults.Http;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Identity;

/// <summary>Wires the identity module into a host: its stores, the token service, the block list and the sign-in rate limit.</summary>
public static class IdentityModule
{
    /// <summary>What a service that only checks tokens needs: the <see cref="BlockList"/> as <see cref="IBlockedUsers"/>.</summary>
    public static IServiceCollection AddBlockList(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IdentityOptions>()
            .Bind(configuration.GetSection(IdentityOptions.Section))
            .Validate(options => options.BlockListRefreshInterval > TimeSpan.Zero, "Identity:BlockListRefreshInterval must be positive.");
        services.AddSingleton<UserStore>();
        services.AddSingleton<BlockList>();
        services.AddSingleton<IBlockedUsers>(provider => provider.GetRequiredService<BlockList>());
        services.AddHostedService(provider => provider.GetRequiredService<BlockList>());
        return services;
    }

    /// <summary>The whole module, for the service that hosts registration and sign-in.</summary>
    public static IServiceCollection AddIdentityModule(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        services.AddBlockList(configuration);
        services.AddOptions<IdentityOptions>()
            .Validate(options => options.RefreshTokenLifetime > TimeSpan.Zero, "Identity:RefreshTokenLifetime must be positive.")
            .Validate(options => options.MinPasswordLength >= 8, "Identity:MinPasswordLength must be at least 8.")
            .Validate(options => options.SignInPermitsPerMinute > 0, "Identity:SignInPermitsPerMinute must be positive.")
            .Validate(options => string.IsNullOrEmpty(options.Admin.Email) || EmailAddress.TryNormalize(options.Admin.Email, out _), "Identity:Admin:Email must be an e-mail address.")
            .Validate(
                options => string.IsNullOrEmpty(options.Admin.Email) || options.Admin.Password.Length >= (isDevelopment ? 8 : 16),
                "Identity:Admin:Password must be set with Identity:Admin:Email, at least 16 characters outside Development.")
            .ValidateOnStart();
        services.AddSingleton<Passwords>();
        services.AddSingleton<RefreshTokenStore>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<AdminBootstrap>();
        services.AddRateLimiter(limiter => limiter.AddPolicy(AuthEndpoints.SignInRatePolicy, context =>
        {
            var permits = context.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.SignInPermitsPerMinute;
            return RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? string.Empty,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        }));
        return services;
    }

    public static void MapIdentityEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapAuthEndpoints();
        routes.MapUserAdminEndpoints();
    }

    /// <summary>Answers a request the rate limiter turned away: 429 with Retry-After, as problem details.</summary>
    public static async ValueTask RejectWithProblemAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        await Problems.RetryLater(context.HttpContext, StatusCodes.Status429TooManyRequests, seconds, string.Create(CultureInfo.InvariantCulture, $"Too many requests; retry in {seconds} s."))
            .ExecuteAsync(context.HttpContext).ConfigureAwait(false);
    }
}
