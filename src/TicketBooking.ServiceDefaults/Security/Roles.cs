namespace TicketBooking.ServiceDefaults.Security;

/// <summary>What a user may do, carried in the access token's <c>role</c> claims.</summary>
public static class Roles
{
    /// <summary>Buys tickets and holds a wallet: every registered user.</summary>
    public const string Buyer = "buyer";

    /// <summary>Manages the halls and sessions it owns.</summary>
    public const string Organizer = "organizer";

    /// <summary>Manages everything: every hall and session, users' roles and blocks, credits with a reason.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Buyer, Organizer, Admin];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
