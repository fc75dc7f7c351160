using Microsoft.Extensions.Diagnostics.HealthChecks;
using NATS.Client.Core;

namespace TicketBooking.ServiceDefaults;

/// <summary>
/// Ready only while the NATS connection is open: without it the ingress accepts no order and the wallet pays no
/// held order. It reads the connection's state and never connects: the client reconnects on its own, the service's
/// consumers open the connection at start (and retry while NATS is away), and <c>ConnectAsync</c> during a
/// reconnect waits, without a timeout, for the reconnect to succeed, which held readiness requests for as long as
/// NATS was away instead of answering them.
/// </summary>
public sealed class NatsReadiness(NatsConnection nats) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(nats.ConnectionState == NatsConnectionState.Open
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"NATS is {nats.ConnectionState}."));
}
