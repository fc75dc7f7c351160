using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Identity.Tokens;

/// <summary>Hands out a signed-in session: an access token and a refresh token.</summary>
public sealed class TokenService(AccessTokens accessTokens, RefreshTokenStore refreshTokens, TimeProvider time)
{
    public async Task<TokenResponse> SignInAsync(long userId, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        var refresh = await refreshTokens.IssueAsync(userId, cancellationToken).ConfigureAwait(false);
        return Response(userId, roles, refresh);
    }

    public TokenResponse Refreshed(RefreshResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Response(result.UserId, result.Roles!, result.NextToken!);
    }

    private TokenResponse Response(long userId, IReadOnlyList<string> roles, string refresh) =>
        new(accessTokens.Issue(userId, roles, time.GetUtcNow()), "Bearer", (int)accessTokens.Lifetime.TotalSeconds, refresh, userId, roles);
}
