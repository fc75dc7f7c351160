using System.Security.Cryptography;

namespace TicketBooking.IntegrationTests.Nats;

/// <summary>Fresh passwords for the users of nats-shared.conf, and the environment nats-server reads them from.</summary>
public sealed class NatsUserPasswords
{
    public static readonly string[] Users = ["engine", "ingress", "wallet", "projections", "ops", "admin"];

    private readonly Dictionary<string, string> _passwords = Users.ToDictionary(user => user, _ => "tb" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    public string Of(string user) => _passwords[user];

    /// <summary>TB_NATS_{USER}_PASSWORD for every user: without all of them nats-server refuses the config.</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment() =>
        _passwords.ToDictionary(pair => $"TB_NATS_{pair.Key.ToUpperInvariant()}_PASSWORD", pair => pair.Value);
}
