namespace TicketBooking.Identity.Users;

/// <summary>E-mail addresses as accounts key them: trimmed, lower-case, one '@' with text on both sides.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    public static bool TryNormalize(string? email, out string normalized)
    {
        normalized = email?.Trim().ToLowerInvariant() ?? string.Empty;
        var at = normalized.IndexOf('@', StringComparison.Ordinal);
        return normalized.Length is >= 3 and <= MaxLength
            && at > 0
            && at == normalized.LastIndexOf('@')
            && at < normalized.Length - 1
            && !normalized.Any(char.IsWhiteSpace);
    }
}
