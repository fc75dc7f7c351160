using NATS.Client.Core;
using Npgsql;

namespace TicketBooking.IntegrationTests;

/// <summary>
/// Connections to the local services that <c>./tb up</c> starts (nats-server and PostgreSQL on
/// loopback). Addresses come from TB_NATS_URL and TB_PG, the tests' own NATS user (the admin) from TB_NATS_USER
/// and TB_NATS_PASSWORD, and each service's password from TB_NATS_{USER}_PASSWORD, as printed by <c>./tb env</c>.
/// </summary>
public sealed class ServicesFixture : IAsyncLifetime
{
    public const string DefaultNatsUrl = "nats://127.0.0.1:4222";
    public const string DefaultPg = "Host=127.0.0.1;Port=5433;Username=tb;Password=tb;Database=ticketbooking";

    private readonly Func<string, string?> _passwordOf;
    private NatsConnection? _nats;
    private NpgsqlDataSource? _pg;

    /// <summary>The shared local services, as the environment (<c>./tb env</c>) describes them.</summary>
    public ServicesFixture()
        : this(
            FromEnvironment("TB_NATS_URL", DefaultNatsUrl),
            Environment.GetEnvironmentVariable("TB_NATS_USER") is { Length: > 0 } user ? user : null,
            Environment.GetEnvironmentVariable("TB_NATS_PASSWORD"),
            user => Environment.GetEnvironmentVariable($"TB_NATS_{user.ToUpperInvariant()}_PASSWORD"),
            FromEnvironment("TB_PG", DefaultPg))
    {
    }

    private ServicesFixture(string natsUrl, string? natsUser, string? natsPassword, Func<string, string?> passwordOf, string pgConnectionString)
    {
        NatsUrl = natsUrl;
        PgConnectionString = pgConnectionString;
        NatsUser = natsUser;
        NatsPassword = natsPassword;
        _passwordOf = passwordOf;
    }

    public string NatsUrl { get; }

    public string PgConnectionString { get; }

    /// <summary>The tests' NATS user, null against a server without authorization.</summary>
    public string? NatsUser { get; }

    public string? NatsPassword { get; }

    /// <summary>
    /// A nats-server of a test's own at <paramref name="natsUrl"/> (with the shared PostgreSQL): the tests act as
    /// <c>admin</c>, and each service connects as its user with the password <paramref name="passwordOf"/> gives.
    /// </summary>
    public static ServicesFixture ForServer(string natsUrl, Func<string, string> passwordOf) =>
        ForServer(natsUrl, passwordOf, FromEnvironment("TB_PG", DefaultPg));

    /// <summary>As <see cref="ForServer(string, Func{string, string})"/>, on the database <paramref name="pgConnectionString"/> names (a <see cref="ScratchDatabase"/>).</summary>
    public static ServicesFixture ForServer(string natsUrl, Func<string, string> passwordOf, string pgConnectionString)
    {
        ArgumentNullException.ThrowIfNull(passwordOf);
        return new ServicesFixture(natsUrl, "admin", passwordOf("admin"), user => passwordOf(user), pgConnectionString);
    }

    public NatsConnection Nats => _nats ?? throw new InvalidOperationException("Fixture not initialized.");

    public NpgsqlDataSource Pg => _pg ?? throw new InvalidOperationException("Fixture not initialized.");

    public async Task InitializeAsync()
    {
        var nats = new NatsConnection(new NatsOpts
        {
            Url = NatsUrl,
            Name = "TicketBooking.IntegrationTests",
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AuthOpts = new NatsAuthOpts { Username = NatsUser, Password = NatsPassword },
        });
        try
        {
            await nats.ConnectAsync();
        }
        catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException)
        {
            await nats.DisposeAsync();
            throw new InvalidOperationException(
                $"NATS is not reachable at {NatsUrl} (TB_NATS_URL): {e.Message}. Start the local services with ./tb up, or run the tests with ./tb test.",
                e);
        }

        _nats = nats;

        var pg = new NpgsqlDataSourceBuilder(PgConnectionString) { ConnectionStringBuilder = { Timeout = 5 } }.Build();
        try
        {
            await using var connection = await pg.OpenConnectionAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await pg.DisposeAsync();
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable with TB_PG='{Redacted(PgConnectionString)}': {e.Message}. Start the local services with ./tb up, or run the tests with ./tb test.",
                e);
        }

        _pg = pg;
    }

    /// <summary>
    /// The settings that make a service connect as <paramref name="user"/> (TB_NATS_USER, TB_NATS_PASSWORD), with the
    /// password <c>./tb env</c> exports as TB_NATS_{USER}_PASSWORD (or the own server's); none when that is not set (a
    /// server without authorization), so that the service connects as the tests do.
    /// </summary>
    public IReadOnlyDictionary<string, string> NatsCredentialsOf(string user)
    {
        var password = _passwordOf(user);
        return string.IsNullOrEmpty(password)
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["TB_NATS_USER"] = user, ["TB_NATS_PASSWORD"] = password };
    }

    /// <summary><see cref="NatsCredentialsOf"/> as command-line settings, for a service hosted in the test process.</summary>
    public IEnumerable<string> NatsArgumentsOf(string user) => NatsCredentialsOf(user).Select(setting => $"--{setting.Key}={setting.Value}");

    public async Task DisposeAsync()
    {
        if (_nats is not null)
        {
            await _nats.DisposeAsync();
        }

        if (_pg is not null)
        {
            await _pg.DisposeAsync();
        }
    }

    private static string FromEnvironment(string name, string fallback)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? fallback : value;
    }

    private static string Redacted(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.Password))
        {
            builder.Password = "***";
        }

        return builder.ConnectionString;
    }
}

[CollectionDefinition(Name)]
public sealed class LocalServices : ICollectionFixture<ServicesFixture>, ICollectionFixture<PartitionAllocator>
{
    public const string Name = "Local services";
}
