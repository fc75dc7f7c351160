using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace TicketBooking.ServiceDefaults.Security;

/// <summary>Who sent a request, from its validated access token.</summary>
public static class Caller
{
    /// <summary>The user id in <c>sub</c>, when the request carries a valid token with a positive numeric subject.</summary>
    public static bool TryGetId(ClaimsPrincipal user, out long userId)
    {
        ArgumentNullException.ThrowIfNull(user);
        userId = 0;
        return user.Identity?.IsAuthenticated == true
            && long.TryParse(user.FindFirst(AccessTokens.SubjectClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out userId)
            && userId > 0;
    }

    /// <summary>The user id of a request that passed one of the <see cref="Policies"/>.</summary>
    public static long IdOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TryGetId(context.User, out var id) ? id : throw new InvalidOperationException("The endpoint has no authorization policy: there is no caller.");
    }

    public static bool IsAdmin(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.IsInRole(Roles.Admin);
    }
}
