using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TicketBooking.Engine.Host.Partitions;

/// <summary>What each hosted partition is doing; the readiness check reads it.</summary>
public sealed class PartitionStatusBoard : IHealthCheck
{
    private readonly ConcurrentDictionary<int, PartitionStatus> _statuses = new();

    public IReadOnlyDictionary<int, PartitionStatus> Statuses => _statuses;

    public void Set(int partition, PartitionStatus status) => _statuses[partition] = status;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statuses = _statuses.OrderBy(kv => kv.Key).ToList();
        var data = statuses.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => (object)kv.Value.ToString());
        var result = statuses.Count > 0 && statuses.All(kv => kv.Value is PartitionStatus.Running or PartitionStatus.Standby)
            ? HealthCheckResult.Healthy("Every hosted partition is running or standing by.", data)
            : HealthCheckResult.Unhealthy("Some partitions are not running.", data: data);
        return Task.FromResult(result);
    }
}
