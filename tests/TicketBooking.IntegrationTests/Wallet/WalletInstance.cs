using System.Net;
using Microsoft.AspNetCore.Builder;
using TicketBooking.Wallet;

namespace TicketBooking.IntegrationTests.Wallet;

/// <summary>A wallet running in this process on a free loopback port, spoken to over real HTTP.</summary>
internal sealed class WalletInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WalletInstance(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts a wallet and waits until it is ready (schema migrated; NATS connected when it settles).</summary>
    public static async Task<WalletInstance> StartAsync(ServicesFixture services, params string[] settings)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--TB_NATS_URL={services.NatsUrl}",
            .. services.NatsArgumentsOf("wallet"),
            $"--TB_PG={services.PgConnectionString}",
            "--Wallet:RetryDelay=00:00:00.200",
            .. TestSecrets.Arguments,
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ];
        var app = WalletHost.Build(args);
        await app.StartAsync();
        var instance = new WalletInstance(app, new Uri(app.Urls.First()));
        await instance.WaitUntilReadyAsync();
        return instance;
    }

    /// <summary>Serves the API only: no settlement consumer, so tests outside the engine-streams collection may use it.</summary>
    public static Task<WalletInstance> StartApiOnlyAsync(ServicesFixture services) =>
        StartAsync(services, "--Wallet:Settlement:Enabled=false");

    public WalletClient Client(long? buyerId = null) => new(Address, buyerId);

    /// <summary>A client with an administrator's token.</summary>
    public WalletClient AdminClient() => new(Address, TestSecrets.AdminId, TestSecrets.AdminToken());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address };
        await Eventually.UntilAsync(
            async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            "the wallet to be ready");
    }
}
