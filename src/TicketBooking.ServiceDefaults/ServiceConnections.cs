using Microsoft.Extensions.Configuration;
using NATS.Client.Core;

namespace TicketBooking.ServiceDefaults;

/// <summary>
/// Where NATS and PostgreSQL are, and who this process is to NATS. Read from TB_NATS_URL, TB_PG, TB_NATS_USER and
/// TB_NATS_PASSWORD (what <c>./tb env</c> prints, and what <c>./tb</c> gives each service it starts), or the
/// configuration keys <c>Connections:Nats</c>, <c>Connections:Postgres</c>, <c>Connections:NatsUser</c> and
/// <c>Connections:NatsPassword</c>. Without a user the client connects anonymously, which only a server without
/// authorization accepts.
/// <para>
/// The NATS address may be a comma-separated list of servers, e.g. the three nodes of <c>./tb up --cluster</c>
/// (<c>nats://127.0.0.1:4322,nats://127.0.0.1:4323,nats://127.0.0.1:4324</c>): NATS.Net takes the list as
/// its seed servers, connects to one of them at random and reconnects to another when that one goes away.
/// </para>
/// </summary>
public sealed record ServiceConnections(string NatsUrl, string Postgres, string? NatsUser = null, string? NatsPassword = null)
{
    public const string DefaultNatsUrl = "nats://127.0.0.1:4222";
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5433;Username=tb;Password=tb;Database=ticketbooking";

    public static ServiceConnections From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(
            configuration["TB_NATS_URL"] ?? configuration["Connections:Nats"] ?? DefaultNatsUrl,
            configuration["TB_PG"] ?? configuration["Connections:Postgres"] ?? DefaultPostgres,
            NullIfEmpty(configuration["TB_NATS_USER"] ?? configuration["Connections:NatsUser"]),
            NullIfEmpty(configuration["TB_NATS_PASSWORD"] ?? configuration["Connections:NatsPassword"]));
    }

    /// <summary>The client options of this process's NATS connection: the URL (one server or a comma-separated list), its name and its credentials.</summary>
    public NatsOpts NatsOptions(string clientName) => new()
    {
        Url = NatsUrl,
        Name = clientName,
        AuthOpts = new NatsAuthOpts { Username = NatsUser, Password = NatsPassword },
    };

    // The password is never printed, not even by the record's generated ToString.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"NatsUrl = {NatsUrl}, Postgres = (set), NatsUser = {NatsUser ?? "(none)"}");
        return true;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
