using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;

namespace TicketBooking.ServiceDefaults;

/// <summary>
/// The one registration of every service's connections, from <see cref="ServiceConnections"/> (TB_NATS_URL, TB_PG,
/// TB_NATS_USER, TB_NATS_PASSWORD or their <c>Connections:*</c> keys): one NATS connection with its JetStream
/// context, and one PostgreSQL data source (a pool).
/// </summary>
public static class ConnectionExtensions
{
    /// <summary>A <see cref="NatsConnection"/> named <paramref name="clientName"/> (as the server's monitoring shows it) and an <see cref="INatsJSContext"/> on it.</summary>
    public static IHostApplicationBuilder AddNats(this IHostApplicationBuilder builder, string clientName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connections = ServiceConnections.From(builder.Configuration);
        builder.Services.AddSingleton(_ => new NatsConnection(connections.NatsOptions(clientName)));
        builder.Services.AddSingleton<INatsJSContext>(provider => new NatsJSContext(provider.GetRequiredService<NatsConnection>()));
        return builder;
    }

    /// <summary>An <see cref="NpgsqlDataSource"/> on <see cref="ServiceConnections.Postgres"/>.</summary>
    public static IHostApplicationBuilder AddPostgres(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connections = ServiceConnections.From(builder.Configuration);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connections.Postgres));
        return builder;
    }

    /// <summary>A readiness check named <c>nats</c> (<see cref="NatsReadiness"/>).</summary>
    public static IHealthChecksBuilder AddNatsReadiness(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<NatsReadiness>("nats", tags: [ServiceDefaultsExtensions.ReadyTag]);
    }
}
