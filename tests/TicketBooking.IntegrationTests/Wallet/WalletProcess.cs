using System.Globalization;
using System.Net;

namespace TicketBooking.IntegrationTests.Wallet;

/// <summary>A real wallet process (the built TicketBooking.Wallet), killed with SIGKILL, so a crash is a crash.</summary>
internal sealed class WalletProcess : IAsyncDisposable
{
    private const string SettledMetric = "tb_wallet_payments_settled_total";

    private readonly ServiceProcess _process;

    private WalletProcess(ServiceProcess process) => _process = process;

    public Uri Address => _process.Address;

    public string LogPath => _process.LogPath;

    public static async Task<WalletProcess> StartAsync(ServicesFixture services, IReadOnlyDictionary<string, string>? settings = null)
    {
        var wallet = new WalletProcess(ServiceProcess.Start(
            services,
            "TicketBooking.Wallet",
            [],
            [KeyValuePair.Create("Wallet__RetryDelay", "00:00:00.200")],
            settings ?? new Dictionary<string, string>()));
        using var http = new HttpClient { BaseAddress = wallet.Address, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.UntilAsync(
            async () =>
            {
                if (wallet._process.HasExited)
                {
                    throw new InvalidOperationException($"The wallet exited with {wallet._process.ExitCode}; see {wallet.LogPath}:\n{wallet.ReadLog()}");
                }

                try
                {
                    return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            "the wallet process to be ready",
            TimeSpan.FromSeconds(60),
            wallet.ReadLog);
        return wallet;
    }

    public WalletClient Client(long? buyerId = null) => new(Address, buyerId);

    /// <summary>Held orders whose payment this process decided, over every outcome (its <c>tb_wallet_payments_settled_total</c>).</summary>
    public async Task<double> SettledPaymentsAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var samples = (await http.GetStringAsync("/metrics"))
            .Split('\n')
            .Where(line => line.StartsWith(SettledMetric, StringComparison.Ordinal))
            .Select(line => line[(line.Contains('{', StringComparison.Ordinal) ? line.LastIndexOf('}') + 1 : SettledMetric.Length)..].Trim().Split(' ')[0])
            .Select(value => double.Parse(value, CultureInfo.InvariantCulture));
        return samples.Sum();
    }

    /// <summary>SIGKILL: no shutdown hooks, no nak, no goodbye to NATS or PostgreSQL.</summary>
    public Task KillAsync() => _process.KillAsync();

    public string ReadLog() => _process.ReadLog();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
