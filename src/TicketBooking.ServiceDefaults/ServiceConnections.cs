using Microsoft.Extensions.Configuration;

namespace TicketBooking.ServiceDefaults;

/// <summary>
/// Where NATS and PostgreSQL are. Read from TB_NATS_URL and TB_PG (what <c>./tb env</c> prints),
/// or the configuration keys <c>Connections:Nats</c> and <c>Connections:Postgres</c>.
/// </summary>
public sealed record ServiceConnections(string NatsUrl, string Postgres)
{
    public const string DefaultNatsUrl = "nats://127.0.0.1:4222";
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5433;Username=tb;Password=tb;Database=ticketbooking";

    public static ServiceConnections From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(
            configuration["TB_NATS_URL"] ?? configuration["Connections:Nats"] ?? DefaultNatsUrl,
            configuration["TB_PG"] ?? configuration["Connections:Postgres"] ?? DefaultPostgres);
    }
}
