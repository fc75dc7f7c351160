using System.Globalization;
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
        var wallet = routes.MapGroup("/api/wallet").WithTag("Wallet", "The caller's own wallet account: open it, read its balance and its ledger.").RequireAuthorization(Policies.Buyer);
        wallet.MapPost("/account", OpenAsync)
            .WithName("OpenWalletAccount")
            .WithSummary("Opens the caller's account in the wallet's currency (registration does this already); 200 when it is open.")
            .WithLocation(StatusCodes.Status201Created, "the account")
            .Accepts<OpenAccountRequest>("application/json")
            .Produces<AccountView>(StatusCodes.Status201Created)
            .Produces<AccountView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        wallet.MapGet(string.Empty, GetAsync)
            .WithName("GetWalletAccount")
            .WithSummary("The buyer's currency and balance (minor units).")
            .Produces<AccountView>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        wallet.MapGet("/ledger", LedgerAsync)
            .WithName("GetWalletLedger")
            .WithSummary("The buyer's ledger, newest first; pass next as before for older entries.")
            .Produces<LedgerPage>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> OpenAsync(HttpContext http, AccountStore accounts, IOptions<WalletOptions> options, CancellationToken cancellationToken)
    {
        var buyerId = Caller.IdOf(http);
        var (request, problem) = await JsonBody.ReadAsync<OpenAccountRequest>(http.Request, """{"currency": "EUR"}""", cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!CurrencyCode.TryNormalize(request!.Currency, out var currency))
        {
            return Problems.Invalid("currency", "A three-letter ISO 4217 code, e.g. EUR.");
        }

        if (await accounts.FindAsync(buyerId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return Existing(existing, currency);
        }

        var walletCurrency = options.Value.Currency;
        if (currency != walletCurrency)
        {
            return Problems.Invalid("currency", $"This wallet holds {walletCurrency} only.");
        }

        if (await accounts.TryOpenAsync(buyerId, currency, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.Created("/api/wallet", new AccountView(buyerId, currency, 0));
        }

        var opened = await accounts.FindAsync(buyerId, cancellationToken).ConfigureAwait(false);
        return Existing(opened!, currency);
    }

    private static IResult Existing(AccountView account, string requestedCurrency) =>
        account.Currency == requestedCurrency
            ? TypedResults.Ok(account)
            : Problems.Status(StatusCodes.Status409Conflict, $"The account is open already, in {account.Currency}.");

    private static async Task<IResult> GetAsync(HttpContext http, AccountStore accounts, CancellationToken cancellationToken) =>
        await accounts.FindAsync(Caller.IdOf(http), cancellationToken).ConfigureAwait(false) is { } account
            ? TypedResults.Ok(account)
            : NoAccount();

    private static async Task<IResult> LedgerAsync(HttpContext http, string? limit, string? before, AccountStore accounts, CancellationToken cancellationToken)
    {
        var pageSize = DefaultLedgerLimit;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) && pageSize is >= 1 and <= MaxLedgerLimit))
        {
            return Problems.Invalid("limit", $"A whole number from 1 to {MaxLedgerLimit}.");
        }

        var cursor = long.MaxValue;
        if (before is not null && !(long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out cursor) && cursor > 0))
        {
            return Problems.Invalid("before", "An entry id, as given in next.");
        }

        var buyerId = Caller.IdOf(http);
        if (await accounts.FindAsync(buyerId, cancellationToken).ConfigureAwait(false) is null)
        {
            return NoAccount();
        }

        return TypedResults.Ok(await accounts.LedgerAsync(buyerId, pageSize, cursor, cancellationToken).ConfigureAwait(false));
    }

    private static IResult NoAccount() =>
        Problems.Status(StatusCodes.Status404NotFound, "The buyer has no wallet account: POST /api/wallet/account.");
}
