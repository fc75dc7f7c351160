using TicketBooking.IntegrationTests.Nats;

namespace TicketBooking.IntegrationTests;

/// <summary>
/// A nats-server of a test's own, started from this checkout's nats.conf with its users, and a scratch database
/// on the shared PostgreSQL: for a test whose processes must meet no other test's (leases, permissions, lists).
/// </summary>
internal sealed class IsolatedServices : IAsyncDisposable
{
    private readonly AuthorizedNatsServer _nats = new();
    private ServicesFixture? _server;
    private ScratchDatabase? _database;
    private ServicesFixture? _services;

    /// <summary>The connection settings of the own nats-server and the scratch database.</summary>
    public ServicesFixture Services => _services ?? throw new InvalidOperationException("Not started.");

    /// <param name="databasePrefix">What the scratch database's name starts with.</param>
    public static async Task<IsolatedServices> StartAsync(string databasePrefix)
    {
        var isolated = new IsolatedServices();
        try
        {
            await isolated._nats.InitializeAsync();
            isolated._server = ServicesFixture.ForServer(isolated._nats.Url, isolated._nats.PasswordOf);
            await isolated._server.InitializeAsync();
            isolated._database = await ScratchDatabase.CreateAsync(isolated._server, databasePrefix);
            isolated._services = ServicesFixture.ForServer(isolated._nats.Url, isolated._nats.PasswordOf, isolated._database.ConnectionString);
            await isolated._services.InitializeAsync();
            return isolated;
        }
        catch
        {
            await isolated.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _nats.DisposeAsync();
    }
}
