using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TicketBooking.ServiceDefaults.Http;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Wallet.Loyalty;

/// <summary>The caller's own loyalty points over HTTP: balance and level, and the history of entries.</summary>
public static class LoyaltyEndpoints
{
    public const int DefaultHistoryLimit = 50;
    public const int MaxHistoryLimit = 200;

    public static void MapLoyaltyEndpoints(this IEndpointRouteBuilder routes)
    {
        var loyalty = routes.MapGroup("/api/loyalty").WithTag("Loyalty", "The caller's own loyalty points: balance, level and history.")
            // Any signed-in user, blocked or not: a blocked buyer still reads their own points (shown frozen), which the
            // buyer policy would refuse. Nothing here changes anything.
            .RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireAssertion(context => Caller.TryGetId(context.User, out _)))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        loyalty.MapGet(string.Empty, GetAsync)
            .WithName("GetLoyalty")
            .WithSummary("The caller's points balance, whether it is frozen (blocked), and the level from the points earned in the last 12 months.")
            .WithDescription("A blocked user may still read it: the points show as frozen, and no order can spend them.");
        loyalty.MapGet("/history", HistoryAsync)
            .WithName("GetLoyaltyHistory")
            .WithSummary("The caller's loyalty entries, newest first, points signed; pass next as before for older entries.");
    }

    private static async Task<Ok<LoyaltyView>> GetAsync(
        HttpContext http, LoyaltyStore store, TimeProvider clock, IOptions<WalletOptions> options, CancellationToken cancellationToken)
    {
        var levels = new LoyaltyLevels(options.Value.Loyalty.EffectiveLevels);
        var summary = await store.SummaryAsync(Caller.IdOf(http), LoyaltyLevels.WindowStart(clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        var standing = levels.StandingFor(summary.EarnedInWindow);
        return TypedResults.Ok(new LoyaltyView(summary.Balance, summary.Blocked, standing.Level, summary.EarnedInWindow, standing.NextLevel, standing.PointsToNextLevel));
    }

    private static async Task<Results<Ok<LoyaltyHistoryPage>, UnprocessableProblem>> HistoryAsync(
        HttpContext http, string? limit, string? before, LoyaltyStore store, CancellationToken cancellationToken)
    {
        var pageSize = DefaultHistoryLimit;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) && pageSize is >= 1 and <= MaxHistoryLimit))
        {
            return new UnprocessableProblem("limit", $"A whole number from 1 to {MaxHistoryLimit}.");
        }

        var cursor = long.MaxValue;
        if (before is not null && !(long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out cursor) && cursor > 0))
        {
            return new UnprocessableProblem("before", "An entry id, as given in next.");
        }

        return TypedResults.Ok(await store.HistoryAsync(Caller.IdOf(http), pageSize, cursor, cancellationToken).ConfigureAwait(false));
    }
}
