using System.Collections.Concurrent;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.LoadTests.Auth;

/// <summary>
/// Access tokens for synthetic buyers, minted with the services' token key (<c>Auth:TokenKey</c>, which
/// <c>./tb</c> exports as <c>Auth__TokenKey</c>) and kept per buyer, so a load of thousands of buyers costs no
/// sign-ins. Registration never issues ids below 10,000,000: load buyers live there. An hour's lifetime outlasts a run.
/// </summary>
public sealed class BuyerTokens
{
    public const string KeyVariable = "Auth__TokenKey";

    /// <summary>The user id the load tools act as when they need the admin role (a synthetic id, never registered).</summary>
    public const long OperatorId = 1;

    private readonly AccessTokens _tokens;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<long, string> _headers = new();

    public BuyerTokens(string tokenKey, TimeProvider time)
    {
        _tokens = new AccessTokens(new TokenOptions { TokenKey = tokenKey, AccessTokenLifetime = TimeSpan.FromHours(1) });
        _time = time;
    }

    /// <summary>From <see cref="KeyVariable"/>; null when it is not set.</summary>
    public static BuyerTokens? FromEnvironment() =>
        Environment.GetEnvironmentVariable(KeyVariable) is { Length: > 0 } key ? new BuyerTokens(key, TimeProvider.System) : null;

    /// <summary>An <c>Authorization</c> header value for buyer <paramref name="buyerId"/>: <c>Bearer ...</c>.</summary>
    public string AuthorizationFor(long buyerId) =>
        _headers.GetOrAdd(buyerId, id => "Bearer " + _tokens.Issue(id, [Roles.Buyer], _time.GetUtcNow()));

    /// <summary>An <c>Authorization</c> header value with the admin role, for creating drops.</summary>
    public string OperatorAuthorization() => "Bearer " + _tokens.Issue(OperatorId, [Roles.Buyer, Roles.Organizer, Roles.Admin], _time.GetUtcNow());
}
