using System.Globalization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TicketBooking.ServiceDefaults.Security;

/// <summary>
/// The one shape of an access token: a JWT signed with HMAC-SHA256, <c>sub</c> the user id, one <c>role</c>
/// claim per role, <c>iss</c>, <c>aud</c>, <c>exp</c> and a <c>jti</c>. The identity module issues them; the
/// load generator and the tests mint them with the same key.
/// </summary>
/// <remarks>
/// A shared key rather than a key pair: every service that checks tokens already writes the buyer's id into
/// the input log, so it is trusted with identities anyway, and HMAC costs a few microseconds per request where
/// ECDSA would cost a core at a drop's 10k requests/s on this hardware.
/// </remarks>
public sealed class AccessTokens
{
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";

    private static readonly JsonWebTokenHandler Handler = new();

    private readonly TokenOptions _options;
    private readonly SigningCredentials _credentials;

    public AccessTokens(TokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = options.KeyBytes() ?? throw new ArgumentException($"{TokenOptions.Section}:{nameof(TokenOptions.TokenKey)} must be base64 of at least {TokenOptions.MinKeyBytes} bytes.", nameof(options));
        _options = options;
        SigningKey = new SymmetricSecurityKey(key);
        _credentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256);
    }

    public SymmetricSecurityKey SigningKey { get; }

    public TimeSpan Lifetime => _options.AccessTokenLifetime;

    /// <summary>A token for <paramref name="userId"/> with <paramref name="roles"/>, valid from <paramref name="now"/> for <see cref="Lifetime"/>.</summary>
    public string Issue(long userId, IEnumerable<string> roles, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(userId);
        ArgumentNullException.ThrowIfNull(roles);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + _options.AccessTokenLifetime).UtcDateTime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                [SubjectClaim] = userId.ToString(CultureInfo.InvariantCulture),
                [RoleClaim] = roles.Distinct(StringComparer.Ordinal).ToArray(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
    }

    /// <summary>What JwtBearer checks: signature, issuer, audience, lifetime (with the clock skew), HS256 only.</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = _options.Issuer,
        ValidAudience = _options.Audience,
        IssuerSigningKey = SigningKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = _options.ClockSkew,
        NameClaimType = SubjectClaim,
        RoleClaimType = RoleClaim,
    };
}
