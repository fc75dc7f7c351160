namespace TicketBooking.WaitingRoom;

/// <summary>The admission arithmetic of a room's rate.</summary>
public static class AdmissionPlan
{
    /// <summary>
    /// How many visitors the room should have admitted by <paramref name="now"/> at its rate:
    /// ceil(rate / 60) at the sale's start (the first second's share), then rate per minute, 0 before the start.
    /// </summary>
    public static long Target(RoomSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (now < settings.SaleStartsAt)
        {
            return 0;
        }

        long perMinute = settings.AdmitPerMinute;
        var elapsedMs = (now - settings.SaleStartsAt).Ticks / TimeSpan.TicksPerMillisecond;
        return FirstSecond(settings) + (long)((Int128)perMinute * elapsedMs / UnitsPerVisitor);
    }

    /// <summary>A visitor's worth of <see cref="RateCredit.Units"/>: a rate per minute times milliseconds.</summary>
    public const long UnitsPerVisitor = 60_000;

    /// <summary>How much of the rate may be spent at once: ten seconds' worth (at least the first second's share).</summary>
    public static readonly TimeSpan Burst = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The credit the rate gives at <paramref name="now"/>: <paramref name="last"/> (null: none spent yet, the first
    /// second's share at the sale's start) plus the rate since, capped at <see cref="Burst"/>. While visitors keep
    /// waiting, the admissions this allows add up to <see cref="Target"/>; a queue that ran dry, or an admitter that
    /// was down, banks no more than the cap, so a wave that comes later is still let in at the rate.
    /// </summary>
    public static RateCredit Credit(RoomSettings settings, RateCredit? last, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (now < settings.SaleStartsAt)
        {
            return new RateCredit(0, now);
        }

        var start = last ?? new RateCredit(FirstSecond(settings) * UnitsPerVisitor, settings.SaleStartsAt);
        var elapsedMs = Math.Max(0, (now - start.At).Ticks / TimeSpan.TicksPerMillisecond);
        var cap = (Int128)Math.Max(FirstSecond(settings), ((long)settings.AdmitPerMinute * (long)Burst.TotalSeconds + 59) / 60) * UnitsPerVisitor;
        var units = Int128.Min(cap, start.Units + (Int128)settings.AdmitPerMinute * elapsedMs);

        // As of the last whole millisecond counted, so that no fraction of one is lost from step to step.
        return new RateCredit((long)units, start.At.AddMilliseconds(elapsedMs));
    }

    /// <summary>How many visitors <paramref name="credit"/> admits.</summary>
    public static long Admits(RateCredit credit)
    {
        ArgumentNullException.ThrowIfNull(credit);
        return credit.Units / UnitsPerVisitor;
    }

    /// <summary>What is left of <paramref name="credit"/> once <paramref name="admitted"/> visitors were let in by it.</summary>
    public static RateCredit Spend(RateCredit credit, long admitted)
    {
        ArgumentNullException.ThrowIfNull(credit);
        return credit with { Units = credit.Units - (admitted * UnitsPerVisitor) };
    }

    private static long FirstSecond(RoomSettings settings) => (settings.AdmitPerMinute + 59L) / 60;
}
