using System.Globalization;
using Microsoft.Extensions.Options;
using TicketBooking.ServiceDefaults.Http;
using TicketBooking.Wallet.Http;

namespace TicketBooking.Wallet.Accounts;

/// <summary>The buyer's wallet over HTTP: open the account, top it up, read the balance and the ledger.</summary>
public static class WalletEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 100;
    public const int DefaultLedgerLimit = 50;
    public const int MaxLedgerLimit = 200;

    public static void MapWalletEndpoints(this IEndpointRouteBuilder routes)
    {
        var wallet = routes.MapGroup("/api/wallet").WithTags("Wallet").RequireBuyer();
        wallet.MapPost("/account", OpenAsync)
            .WithSummary("Opens the buyer's account in the wallet's currency; 200 when it is open already.")
            .Accepts<OpenAccountRequest>("application/json")
            .Produces<AccountView>(StatusCodes.Status201Created)
            .Produces<AccountView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        wallet.MapPost("/top-ups", TopUpAsync)
            .WithSummary("Credits the account once per Idempotency-Key; a retry with the same key and body answers 200 with the same entry.")
            .Accepts<TopUpRequest>("application/json")
            .Produces<TopUpReceipt>(StatusCodes.Status201Created)
            .Produces<TopUpReceipt>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        wallet.MapGet(string.Empty, GetAsync)
            .WithSummary("The buyer's currency and balance (minor units).")
            .Produces<AccountView>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        wallet.MapGet("/ledger", LedgerAsync)
            .WithSummary("The buyer's ledger, newest first; pass next as before for older entries.")
            .Produces<LedgerPage>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> OpenAsync(HttpContext http, AccountStore accounts, IOptions<WalletOptions> options, CancellationToken cancellationToken)
    {
        var buyerId = BuyerIdentity.Of(http);
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

    private static async Task<IResult> TopUpAsync(HttpContext http, TopUpStore topUps, CancellationToken cancellationToken)
    {
        var buyerId = BuyerIdentity.Of(http);
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length is 0 or > MaxIdempotencyKeyLength)
        {
            return Problems.Status(StatusCodes.Status400BadRequest, $"Send the header {IdempotencyKeyHeader} (1-{MaxIdempotencyKeyLength} characters), the same on every retry of this top-up.");
        }

        var (request, problem) = await JsonBody.ReadAsync<TopUpRequest>(http.Request, """{"amount": 5000, "currency": "EUR"}""", cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Amount is not > 0)
        {
            return Problems.Invalid("amount", "A positive whole number of minor units (cents).");
        }

        if (!CurrencyCode.TryNormalize(request.Currency, out var currency))
        {
            return Problems.Invalid("currency", "A three-letter ISO 4217 code, e.g. EUR.");
        }

        var result = await topUps.TopUpAsync(buyerId, key, request.Amount.Value, currency, cancellationToken).ConfigureAwait(false);
        switch (result.Status)
        {
            case TopUpStatus.Created:
                WalletMetrics.TopUps.Add(1);
                return TypedResults.Created((string?)null, result.Receipt);
            case TopUpStatus.Replayed:
                return TypedResults.Ok(result.Receipt);
            case TopUpStatus.NoAccount:
                return Problems.Status(StatusCodes.Status404NotFound, "Open an account first: POST /api/wallet/account.");
            case TopUpStatus.KeyReused:
                return Problems.Status(StatusCodes.Status409Conflict, $"The {IdempotencyKeyHeader} was already used for a different top-up.");
            case TopUpStatus.WrongCurrency:
                return Problems.Invalid("currency", $"The account holds {result.AccountCurrency}.");
            case TopUpStatus.Overflow:
                return Problems.Invalid("amount", "The balance would exceed its maximum.");
            default:
                throw new InvalidOperationException($"Unexpected top-up status {result.Status}.");
        }
    }

    private static async Task<IResult> GetAsync(HttpContext http, AccountStore accounts, CancellationToken cancellationToken) =>
        await accounts.FindAsync(BuyerIdentity.Of(http), cancellationToken).ConfigureAwait(false) is { } account
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

        var buyerId = BuyerIdentity.Of(http);
        if (await accounts.FindAsync(buyerId, cancellationToken).ConfigureAwait(false) is null)
        {
            return NoAccount();
        }

        return TypedResults.Ok(await accounts.LedgerAsync(buyerId, pageSize, cursor, cancellationToken).ConfigureAwait(false));
    }

    private static IResult NoAccount() =>
        Problems.Status(StatusCodes.Status404NotFound, "The buyer has no wallet account: POST /api/wallet/account.");
}
