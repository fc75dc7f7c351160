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
    /// <summary>The single server of <c>./tb up</c>.</summary>
    public const string DefaultNatsUrl = "nats://127.0.0.1:4222";

    /// <summary>The PostgreSQL of <c>./tb up</c>.</summary>
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5433;Username=tb;Password=tb;Database=ticketbooking";

    /// <summary>The connections as the environment variables alone say, for a tool without a host's configuration (tb-ops, the benchmarks).</summary>
    public static ServiceConnections FromEnvironment() => From(new ConfigurationBuilder().AddEnvironmentVariables().Build());

    public static ServiceConnections From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(
            FirstSet(configuration, "TB_NATS_URL", "Connections:Nats") ?? DefaultNatsUrl,
            FirstSet(configuration, "TB_PG", "Connections:Postgres") ?? DefaultPostgres,
            FirstSet(configuration, "TB_NATS_USER", "Connections:NatsUser"),
            FirstSet(configuration, "TB_NATS_PASSWORD", "Connections:NatsPassword"));
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

    /// <summary>The first of the keys with a value; an empty variable counts as unset.</summary>
    private static string? FirstSet(IConfiguration configuration, string variable, string key) =>
        configuration[variable] is { Length: > 0 } value ? value
        : configuration[key] is { Length: > 0 } configured ? configured
        : null;
}
