namespace TicketBooking.Wallet.Accounts;

/// <summary>ISO 4217 alphabetic codes: three letters, accepted in any case, kept upper-case.</summary>
public static class CurrencyCode
{
    public static bool TryNormalize(string? code, out string normalized)
    {
        normalized = code?.ToUpperInvariant() ?? string.Empty;
        return normalized is [>= 'A' and <= 'Z', >= 'A' and <= 'Z', >= 'A' and <= 'Z'];
    }
}
