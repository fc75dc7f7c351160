namespace TicketBooking.Projections;

/// <summary>The <c>Projections</c> configuration section (appsettings.json, or environment variables such as <c>Projections__BatchesPerTransaction</c>).</summary>
public sealed class ProjectionsOptions
{
    public const string Section = "Projections";

    /// <summary>Journal batches the order projector applies in one transaction at most.</summary>
    public int BatchesPerTransaction { get; set; } = 256;

    /// <summary>
    /// How long a transaction that could take more batches waits for them once the first is there. Without it
    /// the projector commits back to back whenever anything waits (~170 commits/s measured, whatever the rate);
    /// 5 ms cut that to ~65/s for ~5 ms more lag, which nobody sees: the projection is read only for orders that
    /// left an ingress's memory. Zero commits what is waiting at once.
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// The writer is not ready while more journal batches than this wait to be projected. A worker that starts on a
    /// long journal is unready until it is this close to the end: 100,000 batches, a few seconds of catching up at
    /// the ~28,000 batches/s measured (256 per transaction).
    /// </summary>
    public long MaxLag { get; set; } = 100_000;

    /// <summary>How often a worker that does not hold the projector lock (or lost PostgreSQL or NATS) tries again.</summary>
    public TimeSpan LockPollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
