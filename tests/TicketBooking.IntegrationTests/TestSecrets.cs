using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.IntegrationTests;

/// <summary>
/// The secrets every service started by the tests gets (the token key, the ticket-code key, the admission-token key, the payment
/// provider's callback secret), and tokens minted with them. Taken from the environment <c>./tb env</c> exports when set,
/// so a service started by hand against the same key works with the tests' tokens.
/// </summary>
internal static class TestSecrets
{
    /// <summary>The synthetic user the tests act as when they need the admin role; registration never issues ids this low.</summary>
    public const long AdminId = 1;

    public static string TokenKey { get; } = FromEnvironment("Auth__TokenKey", Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray()));

    public static string TicketCodeSecret { get; } = FromEnvironment("Ingress__TicketCodeSecret", "integration-tests-ticket-code-secret-0123456789");

    public static string AdmissionTokenSecret { get; } = FromEnvironment("Ingress__AdmissionTokenSecret", "integration-tests-admission-token-secret-0123456789");

    public static string ProviderSecret { get; } = FromEnvironment("Wallet__Provider__CallbackSecret", "integration-tests-provider-secret-0123456789");

    private static readonly AccessTokens Tokens = new(new TokenOptions { TokenKey = TokenKey, AccessTokenLifetime = TimeSpan.FromHours(1) });

    /// <summary>The secrets as settings of a service's environment (<c>Section__Key</c>).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment { get; } =
    [
        KeyValuePair.Create("Auth__TokenKey", TokenKey),
        KeyValuePair.Create("Ingress__TicketCodeSecret", TicketCodeSecret),
        KeyValuePair.Create("Ingress__AdmissionTokenSecret", AdmissionTokenSecret),
        KeyValuePair.Create("Wallet__Provider__CallbackSecret", ProviderSecret),
        KeyValuePair.Create("Identity__SignInPermitsPerMinute", "100000"),
    ];

    /// <summary>The same, as command-line arguments of a host built in this process.</summary>
    public static IReadOnlyList<string> Arguments { get; } = [.. Environment.Select(setting => $"--{setting.Key.Replace("__", ":", StringComparison.Ordinal)}={setting.Value}")];

    /// <summary>An access token for <paramref name="userId"/> with <paramref name="roles"/> (buyer when none are given).</summary>
    public static string TokenFor(long userId, params string[] roles) => Tokens.Issue(userId, roles.Length == 0 ? [Roles.Buyer] : roles, DateTimeOffset.UtcNow);

    public static string AdminToken() => TokenFor(AdminId, Roles.Buyer, Roles.Organizer, Roles.Admin);

    private static string FromEnvironment(string name, string fallback) =>
        System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}
