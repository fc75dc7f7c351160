namespace TicketBooking.Identity.Endpoints;

/// <summary>Body of <c>POST /api/auth/register</c>.</summary>
public sealed record RegisterRequest(string? Name, string? Email, string? Password)
{
    /// <summary>The body's form, as a problem answering an unreadable one shows it.</summary>
    public const string Form = """{"name": "Ada", "email": "ada@example.com", "password": "..."}""";
}

/// <summary>Body of <c>POST /api/auth/token</c>: sign in with e-mail and password.</summary>
public sealed record SignInRequest(string? Email, string? Password)
{
    /// <summary>The body's form, as a problem answering an unreadable one shows it.</summary>
    public const string Form = """{"email": "ada@example.com", "password": "..."}""";
}

/// <summary>Body of <c>POST /api/auth/refresh</c> and <c>POST /api/auth/sign-out</c>.</summary>
public sealed record RefreshRequest(string? RefreshToken)
{
    /// <summary>The body's form, as a problem answering an unreadable one shows it.</summary>
    public const string Form = """{"refreshToken": "..."}""";
}

/// <summary>Body of <c>POST /api/admin/users/{userId}/block</c>.</summary>
public sealed record BlockRequest(string? Reason)
{
    /// <summary>The body's form, as a problem answering an unreadable one shows it.</summary>
    public const string Form = """{"reason": "chargeback fraud"}""";
}

/// <summary>Body of <c>PUT /api/admin/users/{userId}/roles</c>.</summary>
public sealed record RolesRequest(IReadOnlyList<string>? Roles)
{
    /// <summary>The body's form, as a problem answering an unreadable one shows it.</summary>
    public const string Form = """{"roles": ["buyer", "organizer"]}""";
}
