using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TicketBooking.Contracts;
using TicketBooking.ServiceDefaults.Http;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Wallet.Accounts;

/// <summary>
/// The only two ways money enters the wallet: the payment provider's signed callback for a payment it took,
/// and an administrator's credit with a reason. Each is credited once, capped by <see cref="WalletOptions.MaxTopUp"/>
/// and <see cref="WalletOptions.MaxBalance"/>.
/// </summary>
public static class TopUpEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 100;
    public const int MaxPaymentIdLength = 100;
    public const int MaxReasonLength = 500;
    public const string Succeeded = "succeeded";

    public static void MapTopUpEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/payment-provider/callbacks", ProviderCallbackAsync)
            .WithName("ReceiveProviderCallback")
            .WithTag("Payment provider", "Callbacks from the payment provider that took a buyer's payment: signed by the provider, not called with a bearer token.")
            .WithSummary("The payment provider reports a payment (signed in the Provider-Signature header); a succeeded one credits the buyer once per payment id.")
            .WithDescription("Not called with a bearer token: the request is authenticated by its Provider-Signature header, an HMAC of the raw body keyed with the secret the provider and the wallet share. A failed or pending payment is acknowledged with 204 and moves no money.")
            .WithHeader(PaymentProviderSignature.Header, "t={unix seconds},v1={hex HMAC-SHA256 of \"{t}.\" followed by the raw body}; taken only within Wallet:Provider:Tolerance of the wallet's clock.", required: true)
            .AllowAnonymous()
            .Accepts<ProviderCallback>("application/json");
        routes.MapPost("/api/admin/wallet/credits", AdminCreditAsync)
            .WithName("CreditWallet")
            .WithTag("Wallet administration", "Administrators' credits to buyers' accounts, each with a reason.")
            .WithSummary("An administrator credits a buyer's account, with a reason; once per Idempotency-Key.")
            .WithHeader(IdempotencyKeyHeader, $"1 to {MaxIdempotencyKeyLength} characters the administrator picks for this credit and sends again on every retry: a retry credits nothing again, the same key with a different credit 409.", required: true)
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .Accepts<AdminCreditRequest>("application/json");
    }

    private static async Task<Results<NoContent, BodyProblem, UnauthorizedProblem, UnprocessableProblem, Results<Created<TopUpReceipt>, Ok<TopUpReceipt>, NotFoundProblem, ConflictProblem, UnprocessableProblem>>> ProviderCallbackAsync(
        HttpContext http, TopUpStore topUps, IOptions<WalletOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var read = await JsonBody.ReadBytesAsync(http.Request, JsonBody.DefaultMaxBytes, cancellationToken).ConfigureAwait(false);
        if (!read.TryGetValue(out var body, out var problem))
        {
            return problem;
        }

        if (!PaymentProviderSignature.TryVerify(http.Request.Headers[PaymentProviderSignature.Header], body.Span, settings.Provider.CallbackSecret, time.GetUtcNow(), settings.Provider.Tolerance, out var reason))
        {
            return new UnauthorizedProblem(reason);
        }

        if (!JsonBody.Parse<ProviderCallback>(body.Span, ProviderCallback.Form).TryGetValue(out var callback, out problem))
        {
            return problem;
        }

        if (callback.PaymentId is not { Length: > 0 and <= MaxPaymentIdLength } paymentId)
        {
            return new UnprocessableProblem("paymentId", $"The provider's payment id, 1 to {MaxPaymentIdLength} characters.");
        }

        if (callback.Status != Succeeded)
        {
            // A failed or pending payment moved no money: acknowledged so the provider stops sending it.
            return TypedResults.NoContent();
        }

        if (callback.BuyerId is not > 0)
        {
            return new UnprocessableProblem("buyerId", "The buyer the payment is for.");
        }

        return await CreditAsync(topUps, settings, callback.BuyerId.Value, callback.Amount, callback.Currency, CreditSource.FromProvider(paymentId), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Results<BadRequestProblem, BodyProblem, UnprocessableProblem, Results<Created<TopUpReceipt>, Ok<TopUpReceipt>, NotFoundProblem, ConflictProblem, UnprocessableProblem>>> AdminCreditAsync(
        HttpContext http, TopUpStore topUps, IOptions<WalletOptions> options, CancellationToken cancellationToken)
    {
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length is 0 or > MaxIdempotencyKeyLength)
        {
            return new BadRequestProblem($"Send the header {IdempotencyKeyHeader} (1-{MaxIdempotencyKeyLength} characters), the same on every retry of this credit.");
        }

        var body = await JsonBody.ReadAsync<AdminCreditRequest>(http.Request, JsonBody.DefaultMaxBytes, AdminCreditRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        if (request.BuyerId is not > 0)
        {
            return new UnprocessableProblem("buyerId", "The buyer to credit.");
        }

        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return new UnprocessableProblem("reason", $"Why the money is credited, 1 to {MaxReasonLength} characters.");
        }

        var source = CreditSource.FromAdmin(Caller.IdOf(http), key, reason);
        return await CreditAsync(topUps, options.Value, request.BuyerId.Value, request.Amount, request.Currency, source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Credits the top-up once: 201 now, 200 for a replay of the same credit.</summary>
    private static async Task<Results<Created<TopUpReceipt>, Ok<TopUpReceipt>, NotFoundProblem, ConflictProblem, UnprocessableProblem>> CreditAsync(
        TopUpStore topUps, WalletOptions settings, long buyerId, long? amount, string? requestedCurrency, CreditSource source, CancellationToken cancellationToken)
    {
        if (amount is not > 0 || amount > settings.MaxTopUp)
        {
            return new UnprocessableProblem("amount", $"A whole number of minor units (cents) from 1 to {settings.MaxTopUp}.");
        }

        if (!CurrencyCode.TryNormalize(requestedCurrency, out var currency))
        {
            return new UnprocessableProblem("currency", "A three-letter ISO 4217 code, e.g. EUR.");
        }

        var result = await topUps.TopUpAsync(buyerId, source, amount.Value, currency, cancellationToken).ConfigureAwait(false);
        switch (result.Status)
        {
            case TopUpStatus.Created:
                WalletMetrics.TopUps.Add(1);
                return TypedResults.Created((string?)null, result.Receipt!);
            case TopUpStatus.Replayed:
                return TypedResults.Ok(result.Receipt!);
            case TopUpStatus.NoAccount:
                return new NotFoundProblem($"Buyer {buyerId} has no wallet account.");
            case TopUpStatus.KeyReused:
                return new ConflictProblem("This payment id or Idempotency-Key was already used for a different credit.");
            case TopUpStatus.WrongCurrency:
                return new UnprocessableProblem("currency", $"The account holds {result.AccountCurrency}.");
            case TopUpStatus.BalanceLimit:
                return new UnprocessableProblem("amount", $"The balance would exceed its maximum of {settings.MaxBalance}.");
            default:
                throw new InvalidOperationException($"Unexpected top-up status {result.Status}.");
        }
    }
}
