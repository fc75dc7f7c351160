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
        var firstSecond = (perMinute + 59) / 60;
        return firstSecond + (long)((Int128)perMinute * elapsedMs / 60_000);
    }
}
