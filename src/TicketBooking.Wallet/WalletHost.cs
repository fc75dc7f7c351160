using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using TicketBooking.Messaging;
using TicketBooking.ServiceDefaults;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.Wallet.Accounts;
using TicketBooking.ServiceDefaults.Security;
using TicketBooking.Wallet.Http;
using TicketBooking.Identity;
using TicketBooking.Identity.Users;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TicketBooking.Wallet.Loyalty;
using TicketBooking.Wallet.Settlement;

namespace TicketBooking.Wallet;

/// <summary>
/// Composes the wallet: the identity module (registration, sign-in, users), the identity and wallet schemas,
/// the account endpoints, top-ups from the payment provider and admins, settlement of held orders (money and loyalty
/// points) from the decision journal, the loyalty endpoints, cross-origin access for the buyer's page, problem details, health, metrics and the OpenAPI document.
/// </summary>
public static class WalletHost
{
    public const string DefaultUrl = "http://127.0.0.1:5280";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddServiceDefaults([WalletMetrics.MeterName, SettlementConsumer.MeterName]);
        builder.AddNats("TicketBooking.Wallet");
        builder.AddPostgres();
        var services = builder.Services;
        services.AddOptions<WalletOptions>()
            .Bind(builder.Configuration.GetSection(WalletOptions.Section))
            .Validate(options => CurrencyCode.TryNormalize(options.Currency, out var currency) && currency == options.Currency, "Wallet:Currency must be an upper-case ISO 4217 code such as EUR.")
            .Validate(options => options.RetryDelay > TimeSpan.Zero, "Wallet:RetryDelay must be positive.")
            .Validate(options => options.Settlement.BatchSize > 0 && options.Settlement.PublishConcurrency > 0, "Wallet:Settlement:BatchSize and PublishConcurrency must be positive.")
            .Validate(options => options.Settlement.FetchWait > TimeSpan.FromSeconds(1), "Wallet:Settlement:FetchWait must be more than a second.")
            .Validate(options => options.Settlement.AckWait > TimeSpan.Zero, "Wallet:Settlement:AckWait must be positive.")
            .Validate(options => options.Settlement.MaxPending >= 0, "Wallet:Settlement:MaxPending must not be negative.")
            .Validate(options => options.MaxTopUp > 0 && options.MaxBalance >= options.MaxTopUp, "Wallet:MaxTopUp must be positive and Wallet:MaxBalance at least as large.")
            .Validate(options => options.Provider.CallbackSecret.Length >= PaymentProviderOptions.MinSecretLength, $"Wallet:Provider:CallbackSecret must be set, at least {PaymentProviderOptions.MinSecretLength} characters (./tb generates one into .data/secrets).")
            .Validate(options => options.Provider.Tolerance > TimeSpan.Zero && options.Provider.Tolerance <= TimeSpan.FromMinutes(15), "Wallet:Provider:Tolerance must be more than zero and at most 15 minutes.")
            .Validate(options => options.Loyalty.Rate.IsValid, "Wallet:Loyalty:EarnPoints must be from 0 to Wallet:Loyalty:EarnPerMinorUnits, which must be positive (at most one point per minor unit).")
            .Validate(options => LoyaltyLevels.AreValid(options.Loyalty.EffectiveLevels), "Wallet:Loyalty:Levels must have distinct names, the first at threshold 0 and each next threshold higher.")
            .Validate(options => options.CorsOrigins.All(PageCors.IsOrigin), "Wallet:CorsOrigins must list origins such as http://127.0.0.1:5180 (scheme, host, port; no path, no wildcard).")
            .ValidateOnStart();
        services.AddSingleton<InputPublisher>();
        services.AddSingleton<WalletSchema>();
        services.AddHostedService(provider => provider.GetRequiredService<WalletSchema>());
        builder.AddTokenAuthentication();
        services.AddIdentityModule(builder.Configuration, builder.Environment.IsDevelopment());
        services.AddSingleton<IRegistrationHook, WalletAccountOpener>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = IdentityModule.RejectWithProblemAsync;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AccountStore>();
        services.AddSingleton<TopUpStore>();
        services.AddSingleton<SettlementStore>();
        services.AddSingleton<LoyaltyStore>();
        var healthChecks = services.AddHealthChecks()
            .Add(new HealthCheckRegistration("wallet-schema", provider => provider.GetRequiredService<WalletSchema>(), null, [ServiceDefaultsExtensions.ReadyTag]));
        if (builder.Configuration.GetValue($"{WalletOptions.Section}:Settlement:{nameof(SettlementOptions.Enabled)}", true))
        {
            services.AddSingleton<SettlementConsumer>();
            services.AddHostedService<SettlementService>();
            healthChecks.AddNatsReadiness()
                .AddReadinessProbe("settlement-consumer", provider =>
                {
                    var progress = provider.GetRequiredService<SettlementConsumer>().Progress;
                    var maxPending = (ulong)provider.GetRequiredService<IOptions<WalletOptions>>().Value.Settlement.MaxPending;
                    return () => progress.Readiness(maxPending);
                });
        }

        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddProblemDetails();
        services.AddPageCors(builder.Configuration);
        services.AddOpenApiContract(new OpenApiContract(
            "TicketBooking wallet",
            "Accounts and money of the ticket-drop system: registration, sign-in and token refresh (the access tokens every service accepts), user administration, buyers' wallet accounts and ledgers, the payment provider's signed callbacks and administrators' credits. Held orders are settled from the engine's decisions, not over HTTP.",
            new Uri(DefaultUrl)));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors(PageCors.Policy);
        app.UseTokenAuthentication();
        app.UseRateLimiter();
        app.MapDefaultEndpoints();
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapIdentityEndpoints();
        app.MapWalletEndpoints();
        app.MapTopUpEndpoints();
        app.MapLoyaltyEndpoints();
        return app;
    }
}
