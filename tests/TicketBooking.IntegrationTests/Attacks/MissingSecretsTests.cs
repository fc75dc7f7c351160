using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using TicketBooking.Ingress;
using TicketBooking.Wallet;

namespace TicketBooking.IntegrationTests.Attacks;

/// <summary>No service runs on a default, empty or short secret: it stops at start with the setting's name.</summary>
[Collection(LocalServices.Name)]
public sealed class MissingSecretsTests(ServicesFixture services)
{
    public static TheoryData<string, string> IngressSecrets => new()
    {
        { "Auth:TokenKey", string.Empty },
        { "Auth:TokenKey", Convert.ToBase64String(new byte[16]) },
        { "Ingress:TicketCodeSecret", string.Empty },
        { "Ingress:TicketCodeSecret", "dev-ticket-code-secret" },
        { "Ingress:AdmissionTokenSecret", string.Empty },
        { "Ingress:AdmissionTokenSecret", "dev-admission-token-secret" },
    };

    public static TheoryData<string, string> WalletSecrets => new()
    {
        { "Auth:TokenKey", "not base64!" },
        { "Wallet:Provider:CallbackSecret", string.Empty },
        { "Wallet:Provider:CallbackSecret", "short" },
        { "Identity:Admin:Password", "admin" },
    };

    [Theory]
    [MemberData(nameof(IngressSecrets))]
    public async Task The_ingress_refuses_to_start_without_its_secret(string setting, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(IngressHost.Build, [.. Arguments(), $"--{setting}={value}"]));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WalletSecrets))]
    public async Task The_wallet_refuses_to_start_without_its_secret(string setting, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(WalletHost.Build, [.. Arguments(), "--Identity:Admin:Email=admin@example.com", "--Identity:Admin:Password=a-long-enough-password", $"--{setting}={value}"]));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Builds and starts a host (a bad setting may already stop the build); stops it if it ever ran.</summary>
    private static async Task StartAsync(Func<string[], WebApplication> build, string[] args)
    {
        await using var app = build(args);
        await app.StartAsync();
        await app.StopAsync();
    }

    private string[] Arguments() =>
    [
        "--urls=http://127.0.0.1:0",
        $"--TB_NATS_URL={services.NatsUrl}",
        $"--TB_PG={services.PgConnectionString}",
        "--Logging:LogLevel:Default=None",
        .. TestSecrets.Arguments,
    ];
}
