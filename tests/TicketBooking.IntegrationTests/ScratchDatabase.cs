using Npgsql;

namespace TicketBooking.IntegrationTests;

/// <summary>An empty database of a test's own on the shared PostgreSQL server, dropped (with its sessions) at the end.</summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly ServicesFixture _services;
    private readonly string _name;

    private ScratchDatabase(ServicesFixture services, string name)
    {
        _services = services;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(services.PgConnectionString) { Database = name }.ConnectionString;
        Pg = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
    }

    /// <summary>For the services a test starts on this database.</summary>
    public string ConnectionString { get; }

    /// <summary>Unpooled, so that this test leaves no connection open.</summary>
    public NpgsqlDataSource Pg { get; }

    /// <param name="namePrefix">What the database's name starts with (a GUID follows), so a leftover one tells whose it was.</param>
    public static async Task<ScratchDatabase> CreateAsync(ServicesFixture services, string namePrefix)
    {
        var name = namePrefix + Guid.NewGuid().ToString("N");
        await using var create = services.Pg.CreateCommand($"CREATE DATABASE {name}");
        await create.ExecuteNonQueryAsync();
        return new ScratchDatabase(services, name);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = Pg.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Pg.DisposeAsync();
        // FORCE cannot end a backend of another role (an autovacuum worker that just started in the database answers
        // 42501); it is gone a moment later.
        await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    await using var drop = _services.Pg.CreateCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
                    await drop.ExecuteNonQueryAsync();
                    return true;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                {
                    return false;
                }
            },
            $"the scratch database {_name} to be dropped");
    }
}
