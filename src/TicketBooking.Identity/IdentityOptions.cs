namespace TicketBooking.Identity;

/// <summary>Settings under <c>Identity</c>.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    /// <summary>How long a refresh token may be used. Default 14 days.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Shortest password accepted at registration. Default 10 characters.</summary>
    public int MinPasswordLength { get; set; } = 10;

    /// <summary>How often a service reads the blocked users again. Default 2 seconds.</summary>
    public TimeSpan BlockListRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Registrations, sign-ins and refreshes one client address may make per minute (password hashing is costly). Default 30.</summary>
    public int SignInPermitsPerMinute { get; set; } = 30;

    /// <summary>The administrator created at start-up when no user has its e-mail yet (the first admin of a new installation).</summary>
    public BootstrapAdminOptions Admin { get; set; } = new();
}

/// <summary>Settings under <c>Identity:Admin</c>; both empty: no administrator is created.</summary>
public sealed class BootstrapAdminOptions
{
    public string Email { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;
}
