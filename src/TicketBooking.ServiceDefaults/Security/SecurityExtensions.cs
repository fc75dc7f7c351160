using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TicketBooking.ServiceDefaults.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// Bearer tokens (<see cref="AccessTokens"/>) and the <see cref="Policies"/>. A service without a valid
    /// <c>Auth:TokenKey</c> does not start. A blocked user (<see cref="IBlockedUsers"/>, when registered) fails every policy.
    /// </summary>
    public static IHostApplicationBuilder AddTokenAuthentication(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<TokenOptions>()
            .Bind(builder.Configuration.GetSection(TokenOptions.Section))
            .Validate(options => options.KeyBytes() is not null, $"{TokenOptions.Section}:{nameof(TokenOptions.TokenKey)} must be base64 of at least {TokenOptions.MinKeyBytes} random bytes (./tb generates one into .data/secrets).")
            .Validate(options => options.AccessTokenLifetime > TimeSpan.Zero && options.AccessTokenLifetime <= TimeSpan.FromHours(1), $"{TokenOptions.Section}:{nameof(TokenOptions.AccessTokenLifetime)} must be more than zero and at most an hour.")
            .ValidateOnStart();
        services.AddSingleton(provider => new AccessTokens(provider.GetRequiredService<IOptions<TokenOptions>>().Value));
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokens>((options, tokens) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = tokens.ValidationParameters();
            });
        services.AddSingleton<IAuthorizationHandler, NotBlockedHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Buyer, policy => policy.AddRequirements(new NotBlockedRequirement()))
            .AddPolicy(Policies.Organizer, policy => policy.RequireRole(Roles.Organizer, Roles.Admin).AddRequirements(new NotBlockedRequirement()))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin).AddRequirements(new NotBlockedRequirement()));
        return builder;
    }

    /// <summary>Authentication, then authorization: before the rate limiter, so it can tell callers apart.</summary>
    public static WebApplication UseTokenAuthentication(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>A valid token with a numeric subject, of a user that is not blocked.</summary>
    private sealed class NotBlockedRequirement : IAuthorizationRequirement;

    private sealed class NotBlockedHandler(IServiceProvider services) : AuthorizationHandler<NotBlockedRequirement>
    {
        private readonly IBlockedUsers? _blocked = services.GetService<IBlockedUsers>();

        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, NotBlockedRequirement requirement)
        {
            if (Caller.TryGetId(context.User, out var userId) && _blocked?.IsBlocked(userId) != true)
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }
}
