using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TicketBooking.ServiceDefaults.Http;

/// <summary>
/// Who the buyer is, for now: the header <c>X-Buyer-Id: &lt;positive long&gt;</c>, trusted as sent (an
/// authenticating gateway in front of the services is expected to set it). Endpoints of the buyer group
/// answer 401 without it.
/// </summary>
public static class BuyerIdentity
{
    public const string Header = "X-Buyer-Id";

    private const string ItemKey = "tb.buyer";

    public static bool TryRead(HttpRequest request, out long buyerId)
    {
        ArgumentNullException.ThrowIfNull(request);
        buyerId = 0;
        return request.Headers.TryGetValue(Header, out var values)
            && values.Count == 1
            && long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out buyerId)
            && buyerId > 0;
    }

    /// <summary>The buyer of a request that passed <see cref="RequireBuyer"/>.</summary>
    public static long Of(HttpContext context) => (long)context.Items[ItemKey]!;

    /// <summary>Lets only requests with a valid <c>X-Buyer-Id</c> through; the others get 401.</summary>
    public static TBuilder RequireBuyer<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            if (!TryRead(context.HttpContext.Request, out var buyer))
            {
                return Problems.Status(StatusCodes.Status401Unauthorized, $"Send the header {Header} with your buyer id (a positive integer).");
            }

            context.HttpContext.Items[ItemKey] = buyer;
            return await next(context).ConfigureAwait(false);
        });
}
