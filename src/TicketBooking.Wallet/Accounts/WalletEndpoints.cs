using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TicketBooking.ServiceDefaults.Http;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Wallet.Accounts;

/// <summary>The caller's wallet over HTTP: open the account, read the balance and the ledger. Money comes in through <see cref="TopUpEndpoints"/>.</summary>
public static class WalletEndpoints
{
    public const int DefaultLedgerLimit = 50;
    public const int MaxLedgerLimit = 200;

    public static void MapWalletEndpoints(this IEndpointRouteBuilder routes)
    {
        var wallet = routes.MapGroup("/api/wallet").WithTag("Wallet", "The caller's own wallet account: open it, read its balance and its ledger.")
            .RequireAuthorization(Policies.Buyer)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        wallet.MapPost("/account", OpenAsync)
            .WithName("OpenWalletAccount")
            .WithSummary("Opens the caller's account in the wallet's currency (registration does this already); 200 when it is open.")
            .WithLocation(StatusCodes.Status201Created, "the account")
            .Accepts<OpenAccountRequest>("application/json");
        wallet.MapGet(string.Empty, GetAsync)
            .WithName("GetWalletAccount")
            .WithSummary("The buyer's currency and balance (minor units).");
        wallet.MapGet("/ledger", LedgerAsync)
            .WithName("GetWalletLedger")
            .WithSummary("The buyer's ledger, newest first; pass next as before for older entries.");
    }

    private static async Task<Results<Created<AccountView>, BodyProblem, UnprocessableProblem, Results<Ok<AccountView>, ConflictProblem>>> OpenAsync(
        HttpContext http, AccountStore accounts, IOptions<WalletOptions> options, CancellationToken cancellationToken)
    {
        var buyerId = Caller.IdOf(http);
        var body = await JsonBody.ReadAsync<OpenAccountRequest>(http.Request, JsonBody.DefaultMaxBytes, OpenAccountRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        if (!CurrencyCode.TryNormalize(request.Currency, out var currency))
        {
            return new UnprocessableProblem("currency", "A three-letter ISO 4217 code, e.g. EUR.");
        }

        if (await accounts.FindAsync(buyerId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return Existing(existing, currency);
        }

        var walletCurrency = options.Value.Currency;
        if (currency != walletCurrency)
        {
            return new UnprocessableProblem("currency", $"This wallet holds {walletCurrency} only.");
        }

        if (await accounts.TryOpenAsync(buyerId, currency, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.Created("/api/wallet", new AccountView(buyerId, currency, 0));
        }

        var opened = await accounts.FindAsync(buyerId, cancellationToken).ConfigureAwait(false);
        return Existing(opened!, currency);
    }

    private static Results<Ok<AccountView>, ConflictProblem> Existing(AccountView account, string requestedCurrency) =>
        account.Currency == requestedCurrency
            ? TypedResults.Ok(account)
            : new ConflictProblem($"The account is open already, in {account.Currency}.");

    private static async Task<Results<Ok<AccountView>, NotFoundProblem>> GetAsync(HttpContext http, AccountStore accounts, CancellationToken cancellationToken) =>
        await accounts.FindAsync(Caller.IdOf(http), cancellationToken).ConfigureAwait(false) is { } account
            ? TypedResults.Ok(account)
            : NoAccount();

    private static async Task<Results<Ok<LedgerPage>, UnprocessableProblem, NotFoundProblem>> LedgerAsync(
        HttpContext http, string? limit, string? before, AccountStore accounts, CancellationToken cancellationToken)
    {
        var pageSize = DefaultLedgerLimit;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) && pageSize is >= 1 and <= MaxLedgerLimit))
        {
            return new UnprocessableProblem("limit", $"A whole number from 1 to {MaxLedgerLimit}.");
        }

        var cursor = long.MaxValue;
        if (before is not null && !(long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out cursor) && cursor > 0))
        {
            return new UnprocessableProblem("before", "An entry id, as given in next.");
        }

        var buyerId = Caller.IdOf(http);
        if (await accounts.FindAsync(buyerId, cancellationToken).ConfigureAwait(false) is null)
        {
            return NoAccount();
        }

        return TypedResults.Ok(await accounts.LedgerAsync(buyerId, pageSize, cursor, cancellationToken).ConfigureAwait(false));
    }

    private static NotFoundProblem NoAccount() => new("The buyer has no wallet account: POST /api/wallet/account.");
}
