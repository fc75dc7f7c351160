using System.Diagnostics.CodeAnalysis;

namespace TicketBooking.Engine.Promotions;

/// <summary>
/// The one form of a promo code's text: trimmed, upper case (invariant), 3 to 32 of A-Z, 0-9, '-' and '_'. The
/// catalog stores it so, the engine defines and looks codes up so, and a buyer may type it in any case.
/// </summary>
public static class PromoCodeText
{
    public const int MinLength = 3;
    public const int MaxLength = 32;

    public const string Rule = "a promo code is 3 to 32 letters A-Z, digits, '-' or '_'";

    /// <summary>The normalized form of <paramref name="text"/>, or false when it cannot be a code.</summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? code)
    {
        code = text?.Trim().ToUpperInvariant();
        if (code is null || !IsNormalized(code))
        {
            code = null;
            return false;
        }

        return true;
    }

    public static bool IsNormalized(string code) =>
        code.Length is >= MinLength and <= MaxLength && code.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_');
}
