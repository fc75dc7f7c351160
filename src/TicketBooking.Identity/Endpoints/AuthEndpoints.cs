using TicketBooking.Identity.Tokens;
using TicketBooking.Identity.Users;
using TicketBooking.ServiceDefaults.Http;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace TicketBooking.Identity.Endpoints;

/// <summary>Register, sign in, refresh, sign out and who-am-I, under <c>/api/auth</c>.</summary>
public static class AuthEndpoints
{
    public const string SignInRatePolicy = "sign-in";
    public const int MaxNameLength = 100;
    public const int MaxPasswordLength = 128;

    public static void MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/api/auth").WithTag("Accounts", "Registration, sign-in, token refresh and sign-out (rate limited), and the signed-in user. The access tokens issued here are the bearer tokens of every service.");
        auth.MapPost("/register", RegisterAsync)
            .WithName("Register")
            .WithSummary("Creates a buyer account with its wallet account, and signs it in.")
            .WithLocation(StatusCodes.Status201Created, "the signed-in user")
            .AllowAnonymous()
            .RequireSignInRateLimit()
            .Accepts<RegisterRequest>("application/json");
        auth.MapPost("/token", SignInAsync)
            .WithName("SignIn")
            .WithSummary("Signs in with e-mail and password: an access token and a refresh token.")
            .AllowAnonymous()
            .RequireSignInRateLimit()
            .Accepts<SignInRequest>("application/json");
        auth.MapPost("/refresh", RefreshAsync)
            .WithName("RefreshToken")
            .WithSummary("Trades a refresh token for a new access token and a new refresh token; a used refresh token signs the whole session out.")
            .AllowAnonymous()
            .RequireSignInRateLimit()
            .Accepts<RefreshRequest>("application/json");
        auth.MapPost("/sign-out", SignOutAsync)
            .WithName("SignOut")
            .WithSummary("Revokes the refresh token and every token refreshed from it; access tokens already issued run out by themselves.")
            .AllowAnonymous()
            .RequireSignInRateLimit()
            .Accepts<RefreshRequest>("application/json");
        auth.MapGet("/me", MeAsync)
            .WithName("GetMe")
            .WithSummary("The signed-in user.")
            .RequireAuthorization(Policies.Buyer)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    /// <summary>The sign-in rate limit per client address, and its 429 with Retry-After, which the limiter answers, not the handler.</summary>
    private static RouteHandlerBuilder RequireSignInRateLimit(this RouteHandlerBuilder builder) =>
        builder.RequireRateLimiting(SignInRatePolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithRetryAfter(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Created<TokenResponse>, BodyProblem, UnprocessableProblem, ConflictProblem>> RegisterAsync(
        HttpContext http, UserStore users, TokenService tokens, IOptions<IdentityOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RegisterRequest>(http.Request, JsonBody.DefaultMaxBytes, RegisterRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return new UnprocessableProblem("name", $"A name of 1 to {MaxNameLength} characters.");
        }

        if (!EmailAddress.TryNormalize(request.Email, out var email))
        {
            return new UnprocessableProblem("email", "An e-mail address such as ada@example.com.");
        }

        var minLength = options.Value.MinPasswordLength;
        if (request.Password is not { } password || password.Length < minLength || password.Length > MaxPasswordLength)
        {
            return new UnprocessableProblem("password", $"A password of {minLength} to {MaxPasswordLength} characters.");
        }

        var user = await users.RegisterAsync(name, request.Email!.Trim(), email, Passwords.Hash(password), [Roles.Buyer], cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return new ConflictProblem("An account with this e-mail exists: sign in instead.");
        }

        return TypedResults.Created("/api/auth/me", await tokens.SignInAsync(user.Id, user.Roles, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<TokenResponse>, BodyProblem, UnauthorizedProblem, ForbiddenProblem>> SignInAsync(
        HttpContext http, UserStore users, Passwords passwords, TokenService tokens, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<SignInRequest>(http.Request, JsonBody.DefaultMaxBytes, SignInRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        var credentials = EmailAddress.TryNormalize(request.Email, out var email) && request.Password is { Length: <= MaxPasswordLength }
            ? await users.FindCredentialsAsync(email, cancellationToken).ConfigureAwait(false)
            : null;
        if (!passwords.Verify(credentials, request.Password ?? string.Empty))
        {
            return new UnauthorizedProblem("Unknown e-mail or wrong password.");
        }

        return credentials!.Blocked
            ? Blocked()
            : TypedResults.Ok(await tokens.SignInAsync(credentials.Id, credentials.Roles, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<TokenResponse>, BodyProblem, BadRequestProblem, UnauthorizedProblem, ForbiddenProblem>> RefreshAsync(
        HttpContext http, RefreshTokenStore refreshTokens, TokenService tokens, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RefreshRequest>(http.Request, JsonBody.DefaultMaxBytes, RefreshRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return new BadRequestProblem($"Send the refresh token you were given: {RefreshRequest.Form}.");
        }

        var result = await refreshTokens.RedeemAsync(request.RefreshToken, cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            RefreshStatus.Rotated => TypedResults.Ok(tokens.Refreshed(result)),
            RefreshStatus.Blocked => Blocked(),
            RefreshStatus.Reused => new UnauthorizedProblem("This refresh token was used already; every token of its sign-in is revoked. Sign in again."),
            _ => new UnauthorizedProblem("The refresh token is unknown, expired or revoked. Sign in again."),
        };
    }

    private static async Task<Results<NoContent, BodyProblem, BadRequestProblem>> SignOutAsync(
        HttpContext http, RefreshTokenStore refreshTokens, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RefreshRequest>(http.Request, JsonBody.DefaultMaxBytes, RefreshRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return new BadRequestProblem($"Send the refresh token to revoke: {RefreshRequest.Form}.");
        }

        await refreshTokens.RevokeAsync(request.RefreshToken, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<UserAccount>, NotFoundProblem>> MeAsync(HttpContext http, UserStore users, CancellationToken cancellationToken) =>
        await users.FindAsync(Caller.IdOf(http), cancellationToken).ConfigureAwait(false) is { } user
            ? TypedResults.Ok(user)
            : new NotFoundProblem("There is no registered user behind this token.");

    private static ForbiddenProblem Blocked() => new("This account is blocked.");
}
