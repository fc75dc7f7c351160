namespace TicketBooking.Wallet.Loyalty;

/// <summary>
/// <see cref="Points"/> loyalty points for every <see cref="PerMinorUnits"/> minor units paid, rounded down:
/// 1 per 100 earns 12 points on 12.99 EUR. At most one point per minor unit, so an earning never exceeds its money.
/// </summary>
public sealed record EarnRate(long Points, long PerMinorUnits)
{
    public bool IsValid => Points >= 0 && PerMinorUnits > 0 && Points <= PerMinorUnits;

    /// <summary>floor(<paramref name="amountPaid"/> × rate); 0 for a non-positive amount.</summary>
    public long PointsFor(long amountPaid) => amountPaid <= 0 ? 0 : (long)((Int128)amountPaid * Points / PerMinorUnits);
}
