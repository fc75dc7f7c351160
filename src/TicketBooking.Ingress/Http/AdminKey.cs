using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TicketBooking.Ingress.Http;

/// <summary>Admin endpoints need the header <c>X-Admin-Key</c> equal to <see cref="IngressOptions.AdminKey"/>; otherwise 401.</summary>
public static class AdminKey
{
    public const string Header = "X-Admin-Key";

    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<IngressOptions>>().Value.AdminKey;
            var sent = context.HttpContext.Request.Headers[Header].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(expected)))
            {
                return Problems.Status(StatusCodes.Status401Unauthorized, $"Send the header {Header} with the admin key.");
            }

            return await next(context).ConfigureAwait(false);
        });
}
