namespace TicketBooking.LoadTests.Running;

/// <summary>How requests are sent and measured; the same for every step of a run.</summary>
public sealed record LoadSettings
{
    /// <summary>
    /// Most requests in flight at once (a request with a follow-up stays in flight until the
    /// follow-up ends). A request due while the cap is reached is not sent and counts as dropped.
    /// </summary>
    public int MaxInFlight { get; init; } = 10_000;

    /// <summary>HTTP/1.1 connections the pool may open to the target.</summary>
    public int MaxConnectionsPerServer { get; init; } = 100;

    /// <summary>Time allowed for one HTTP exchange (each poll of a follow-up gets its own).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A request that starts more than this after its scheduled time counts as a late start.</summary>
    public TimeSpan LateAfter { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Shortest sleep of the pacer. Requests due within it are started together, each still
    /// measured from its own scheduled time.
    /// </summary>
    public TimeSpan PacerResolution { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>How long a step waits for its last requests (and follow-ups) before abandoning them.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Seed of every request's random source, so a run can be repeated.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Checks the settings make sense.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnectionsPerServer, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(LateAfter, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(PacerResolution, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DrainTimeout, TimeSpan.Zero);
    }
}
