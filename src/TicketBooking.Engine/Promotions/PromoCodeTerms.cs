using MessagePack;

namespace TicketBooking.Engine.Promotions;

/// <summary>
/// What a promo code gives and where, as one partition knows it. <see cref="PromoCodeId"/> is assigned by the catalog;
/// <see cref="Code"/> is the normalized text a buyer types (<see cref="PromoCodeText.TryNormalize"/>). The code is active
/// from <see cref="ValidFromMs"/> (inclusive) to <see cref="ValidUntilMs"/> (exclusive), by the purchase input's time.
/// <see cref="MaxUses"/> is this partition's share of the total (0: unlimited), <see cref="MaxUsesPerBuyer"/> counts
/// within this partition (0: unlimited). <see cref="SessionIds"/> are the sessions of this partition it applies to;
/// <see cref="Categories"/> the seat categories whose list price it discounts (empty: all).
/// </summary>
[MessagePackObject]
public sealed record PromoCodeTerms(
    [property: Key(0)] long PromoCodeId,
    [property: Key(1)] string Code,
    [property: Key(2)] PromoKind Kind,
    [property: Key(3)] long Value,
    [property: Key(4)] long ValidFromMs,
    [property: Key(5)] long ValidUntilMs,
    [property: Key(6)] long MaxUses,
    [property: Key(7)] int MaxUsesPerBuyer,
    [property: Key(8)] long[] SessionIds,
    [property: Key(9)] int[] Categories)
{
    /// <summary>The most sessions one definition names, so that checking it stays cheap.</summary>
    public const int MaxSessions = 1024;

    /// <summary>Why the terms cannot be defined, or null when they can.</summary>
    public string? ProblemOf()
    {
        if (PromoCodeId <= 0)
        {
            return "the promo code id must be positive";
        }

        if (Code is null || !PromoCodeText.IsNormalized(Code))
        {
            return PromoCodeText.Rule;
        }

        var valueProblem = Kind switch
        {
            PromoKind.Percent when Value is < 1 or > 100 => "a percent discount is 1 to 100",
            PromoKind.Fixed when Value <= 0 => "a fixed discount is more than 0 minor units",
            PromoKind.Percent or PromoKind.Fixed => null,
            _ => "the kind is percent or fixed",
        };
        return valueProblem
            ?? (ValidFromMs >= ValidUntilMs ? "the validity window ends after it starts"
            : MaxUses < 0 || MaxUsesPerBuyer < 0 ? "use limits are 0 (unlimited) or more"
            : SessionIds is not { Length: > 0 and <= MaxSessions } || SessionIds.Distinct().Count() != SessionIds.Length ? $"1 to {MaxSessions} distinct sessions"
            : Categories is null || Categories.Any(category => category is < 0 or > byte.MaxValue) || Categories.Distinct().Count() != Categories.Length ? "categories are distinct, 0 to 255"
            : null);
    }

    public bool AppliesTo(long sessionId) => Array.IndexOf(SessionIds, sessionId) >= 0;

    public bool AppliesToCategory(int category) => Categories.Length == 0 || Array.IndexOf(Categories, category) >= 0;

    public bool IsActiveAt(long nowMs) => nowMs >= ValidFromMs && nowMs < ValidUntilMs;
}
