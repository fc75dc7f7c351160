namespace TicketBooking.Identity.Tokens;

/// <summary>
/// A signed-in session: send <see cref="AccessToken"/> as <c>Authorization: Bearer ...</c> until it expires
/// (<see cref="ExpiresIn"/> seconds), then trade <see cref="RefreshToken"/> for a new pair (once: it is replaced).
/// </summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, long UserId, IReadOnlyList<string> Roles);
