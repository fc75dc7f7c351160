using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace TicketBooking.Ingress;

/// <summary>
/// The limits every request passes before its endpoint's own (the per-buyer one): a token bucket per client IP
/// address, then one for the whole instance. Health and metrics are exempt, so a flood does not make the
/// instance look dead to its orchestrator.
/// </summary>
public static class RequestRateLimits
{
    public static PartitionedRateLimiter<HttpContext> Create() =>
        PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, IPAddress>(ClientIpPartition),
            PartitionedRateLimiter.Create<HttpContext, bool>(InstancePartition));

    /// <summary>The client's address as the per-IP limits count it, or null when they do not apply to it.</summary>
    public static IPAddress? LimitedAddress(HttpContext context, IngressOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var address = context.Connection.RemoteIpAddress;
        if (address is null || (IPAddress.IsLoopback(address) && !options.LimitLoopbackClients))
        {
            return null;
        }

        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    private static RateLimitPartition<IPAddress> ClientIpPartition(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<IngressOptions>>().Value;
        return IsExempt(context) || LimitedAddress(context, options) is not { } address
            ? RateLimitPartition.GetNoLimiter(IPAddress.None)
            : RateLimitPartition.GetTokenBucketLimiter(address, _ => Bucket(options.ClientIpRatePermits, options.ClientIpRateWindow));
    }

    private static RateLimitPartition<bool> InstancePartition(HttpContext context)
    {
        if (IsExempt(context))
        {
            return RateLimitPartition.GetNoLimiter(false);
        }

        var options = context.RequestServices.GetRequiredService<IOptions<IngressOptions>>().Value;
        return RateLimitPartition.GetTokenBucketLimiter(true, _ => Bucket(options.GlobalRatePermits, options.GlobalRateWindow));
    }

    /// <summary>A bucket of <paramref name="permits"/> per <paramref name="window"/> that refuses at once rather than queueing.</summary>
    public static TokenBucketRateLimiterOptions Bucket(int permits, TimeSpan window) => new()
    {
        TokenLimit = permits,
        TokensPerPeriod = permits,
        ReplenishmentPeriod = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static bool IsExempt(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
}
