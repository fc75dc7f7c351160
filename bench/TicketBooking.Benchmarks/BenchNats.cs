using NATS.Client.Core;
using TicketBooking.ServiceDefaults;

namespace TicketBooking.Benchmarks;

/// <summary>The benchmarks' NATS client: TB_NATS_URL, TB_NATS_USER and TB_NATS_PASSWORD, read as a service reads them.</summary>
internal static class BenchNats
{
    public static NatsOpts Options(string clientName) => ServiceConnections.FromEnvironment().NatsOptions(clientName);
}
