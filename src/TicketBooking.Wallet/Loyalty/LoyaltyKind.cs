namespace TicketBooking.Wallet.Loyalty;

/// <summary>What a loyalty entry does to the buyer's points: earn and spend return add, earn reversal and spend take away.</summary>
public enum LoyaltyKind
{
    /// <summary>Points for a confirmed order's money.</summary>
    Earn = 1,

    /// <summary>A cancelled order's earning taken back, once.</summary>
    EarnReversal = 2,

    /// <summary>Points taken together with a held order's money.</summary>
    Spend = 3,

    /// <summary>A refunded order's spent points given back, once.</summary>
    SpendReturn = 4,
}

/// <summary>The kinds as <c>wallet.loyalty_entries.kind</c> and the API spell them.</summary>
public static class LoyaltyKinds
{
    public static string Name(LoyaltyKind kind) => kind switch
    {
        LoyaltyKind.Earn => "earn",
        LoyaltyKind.EarnReversal => "earn_reversal",
        LoyaltyKind.Spend => "spend",
        LoyaltyKind.SpendReturn => "spend_return",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a loyalty entry kind."),
    };

    public static LoyaltyKind Parse(string name) => name switch
    {
        "earn" => LoyaltyKind.Earn,
        "earn_reversal" => LoyaltyKind.EarnReversal,
        "spend" => LoyaltyKind.Spend,
        "spend_return" => LoyaltyKind.SpendReturn,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a loyalty entry kind."),
    };

    /// <summary>The entry's effect on the balance: its points, signed.</summary>
    public static long BalanceEffect(LoyaltyKind kind, long points) => kind is LoyaltyKind.Earn or LoyaltyKind.SpendReturn ? points : -points;
}
