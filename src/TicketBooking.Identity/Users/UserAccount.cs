namespace TicketBooking.Identity.Users;

/// <summary>A registered user as the API shows it (never the password hash).</summary>
public sealed record UserAccount(long Id, string Name, string Email, IReadOnlyList<string> Roles, DateTimeOffset? BlockedAt, string? BlockedReason, DateTimeOffset CreatedAt)
{
    public bool Blocked => BlockedAt is not null;
}

/// <summary>What sign-in checks a password against.</summary>
public sealed record StoredCredentials(long Id, string PasswordHash, IReadOnlyList<string> Roles, bool Blocked);
