namespace TicketBooking.Notifications;

/// <summary>
/// When a failed webhook delivery is tried again: <see cref="FirstDelay"/> doubled per failed attempt, at most
/// <see cref="MaxDelay"/>, plus up to <see cref="JitterFraction"/> of it at random (so receivers that come back
/// are not hit by every sender at once); after <see cref="MaxAttempts"/> attempts the delivery has failed.
/// </summary>
public sealed record RetrySchedule(TimeSpan FirstDelay, TimeSpan MaxDelay, int MaxAttempts, double JitterFraction)
{
    /// <summary>The delay after the <paramref name="failedAttempts"/>-th failure, or null when no attempt is left. <paramref name="random"/> is in [0, 1).</summary>
    public TimeSpan? DelayAfter(int failedAttempts, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        if (failedAttempts >= MaxAttempts)
        {
            return null;
        }

        var doublings = Math.Min(failedAttempts - 1, 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstDelay.Ticks * Math.Pow(2, doublings), MaxDelay.Ticks));
        return delay + (delay * (JitterFraction * random));
    }
}
