namespace TicketBooking.Wallet.Loyalty;

/// <summary>Settings under <c>Wallet:Loyalty</c>: how points are earned and which levels they reach.</summary>
public sealed class LoyaltyOptions
{
    /// <summary>Points earned per <see cref="EarnPerMinorUnits"/> minor units paid for a confirmed order. Default 1.</summary>
    public long EarnPoints { get; set; } = 1;

    /// <summary>Minor units of money paid per <see cref="EarnPoints"/> points, rounded down. Default 100 (1 point per 1.00 EUR).</summary>
    public long EarnPerMinorUnits { get; set; } = 100;

    /// <summary>
    /// The levels, lowest first, the first at 0 (<c>Wallet__Loyalty__Levels__0__Name=Bronze</c>, <c>..__Threshold=0</c>).
    /// Default (when none is configured) Bronze 0, Silver 1,000, Gold 5,000 points earned in the last 12 months.
    /// </summary>
    public LoyaltyLevel[]? Levels { get; set; }

    public static IReadOnlyList<LoyaltyLevel> DefaultLevels { get; } = [new("Bronze", 0), new("Silver", 1_000), new("Gold", 5_000)];

    public EarnRate Rate => new(EarnPoints, EarnPerMinorUnits);

    public IReadOnlyList<LoyaltyLevel> EffectiveLevels => Levels is { Length: > 0 } levels ? levels : DefaultLevels;
}
