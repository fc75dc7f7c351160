using TicketBooking.Identity.Tokens;
using TicketBooking.Identity.Users;
using TicketBooking.ServiceDefaults.Http;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;
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
            .RequireRateLimiting(SignInRatePolicy)
            .WithRetryAfter(StatusCodes.Status429TooManyRequests)
            .Accepts<RegisterRequest>("application/json")
            .Produces<TokenResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/token", SignInAsync)
            .WithName("SignIn")
            .WithSummary("Signs in with e-mail and password: an access token and a refresh token.")
            .AllowAnonymous()
            .RequireRateLimiting(SignInRatePolicy)
            .WithRetryAfter(StatusCodes.Status429TooManyRequests)
            .Accepts<SignInRequest>("application/json")
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/refresh", RefreshAsync)
            .WithName("RefreshToken")
            .WithSummary("Trades a refresh token for a new access token and a new refresh token; a used refresh token signs the whole session out.")
            .AllowAnonymous()
            .RequireRateLimiting(SignInRatePolicy)
            .WithRetryAfter(StatusCodes.Status429TooManyRequests)
            .Accepts<RefreshRequest>("application/json")
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/sign-out", SignOutAsync)
            .WithName("SignOut")
            .WithSummary("Revokes the refresh token and every token refreshed from it; access tokens already issued run out by themselves.")
            .AllowAnonymous()
            .RequireRateLimiting(SignInRatePolicy)
            .WithRetryAfter(StatusCodes.Status429TooManyRequests)
            .Accepts<RefreshRequest>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapGet("/me", MeAsync)
            .WithName("GetMe")
            .WithSummary("The signed-in user.")
            .RequireAuthorization(Policies.Buyer)
            .Produces<UserAccount>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> RegisterAsync(HttpContext http, UserStore users, TokenService tokens, IOptions<IdentityOptions> options, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<RegisterRequest>(http.Request, """{"name": "Ada", "email": "ada@example.com", "password": "..."}""", cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var name = request!.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return Problems.Invalid("name", $"A name of 1 to {MaxNameLength} characters.");
        }

        if (!EmailAddress.TryNormalize(request.Email, out var email))
        {
            return Problems.Invalid("email", "An e-mail address such as ada@example.com.");
        }

        var minLength = options.Value.MinPasswordLength;
        if (request.Password is not { } password || password.Length < minLength || password.Length > MaxPasswordLength)
        {
            return Problems.Invalid("password", $"A password of {minLength} to {MaxPasswordLength} characters.");
        }

        var user = await users.RegisterAsync(name, request.Email!.Trim(), email, Passwords.Hash(password), [Roles.Buyer], cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "An account with this e-mail exists: sign in instead.");
        }

        return TypedResults.Created("/api/auth/me", await tokens.SignInAsync(user.Id, user.Roles, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> SignInAsync(HttpContext http, UserStore users, Passwords passwords, TokenService tokens, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<SignInRequest>(http.Request, """{"email": "ada@example.com", "password": "..."}""", cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var credentials = EmailAddress.TryNormalize(request!.Email, out var email) && request.Password is { Length: <= MaxPasswordLength }
            ? await users.FindCredentialsAsync(email, cancellationToken).ConfigureAwait(false)
            : null;
        if (!passwords.Verify(credentials, request.Password ?? string.Empty))
        {
            return Problems.Status(StatusCodes.Status401Unauthorized, "Unknown e-mail or wrong password.");
        }

        return credentials!.Blocked
            ? Blocked()
            : TypedResults.Ok(await tokens.SignInAsync(credentials.Id, credentials.Roles, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> RefreshAsync(HttpContext http, RefreshTokenStore refreshTokens, TokenService tokens, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<RefreshRequest>(http.Request, """{"refreshToken": "..."}""", cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(request!.RefreshToken))
        {
            return Problems.Status(StatusCodes.Status400BadRequest, "Send the refresh token you were given: {\"refreshToken\": \"...\"}.");
        }

        var result = await refreshTokens.RedeemAsync(request.RefreshToken, cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            RefreshStatus.Rotated => TypedResults.Ok(tokens.Refreshed(result)),
            RefreshStatus.Blocked => Blocked(),
            RefreshStatus.Reused => Problems.Status(StatusCodes.Status401Unauthorized, "This refresh token was used already; every token of its sign-in is revoked. Sign in again."),
            _ => Problems.Status(StatusCodes.Status401Unauthorized, "The refresh token is unknown, expired or revoked. Sign in again."),
        };
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, RefreshTokenStore refreshTokens, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<RefreshRequest>(http.Request, """{"refreshToken": "..."}""", cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(request!.RefreshToken))
        {
            return Problems.Status(StatusCodes.Status400BadRequest, "Send the refresh token to revoke: {\"refreshToken\": \"...\"}.");
        }

        await refreshTokens.RevokeAsync(request.RefreshToken, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> MeAsync(HttpContext http, UserStore users, CancellationToken cancellationToken) =>
        await users.FindAsync(Caller.IdOf(http), cancellationToken).ConfigureAwait(false) is { } user
            ? TypedResults.Ok(user)
            : Problems.Status(StatusCodes.Status404NotFound, "There is no registered user behind this token.");

    private static IResult Blocked() => Problems.Status(StatusCodes.Status403Forbidden, "This account is blocked.");
}
