using Microsoft.AspNetCore.Identity;

namespace TicketBooking.Identity.Users;

/// <summary>
/// Password hashes by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, salted,
/// its current iteration count). An unknown e-mail is checked against a dummy hash, so sign-in takes as long
/// for an address that has no account.
/// </summary>
public sealed class Passwords
{
    private static readonly PasswordHasher<StoredCredentials> Hasher = new();
    private readonly string _dummyHash = Hasher.HashPassword(null!, Guid.NewGuid().ToString("N"));

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    public bool Verify(StoredCredentials? user, string password)
    {
        var result = Hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? _dummyHash, password);
        return user is not null && result != PasswordVerificationResult.Failed;
    }
}
