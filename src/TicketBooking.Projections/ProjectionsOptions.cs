namespace TicketBooking.Projections;

/// <summary>The <c>Projections</c> configuration section (appsettings.json, or environment variables such as <c>Projections__BatchesPerTransaction</c>).</summary>
public sealed class ProjectionsOptions
{
    public const string Section = "Projections";

    /// <summary>Journal batches the order projector applies in one transaction at most.</summary>
    public int BatchesPerTransaction { get; set; } = 256;

    /// <summary>
    /// How long a transaction that could take more batches waits for them once the first is there. Zero (the
    /// default) commits what is waiting at once: under load batches pile up while the previous transaction
    /// commits, so transactions grow by themselves, and an idle system sees its orders without delay.
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.Zero;

    /// <summary>How often a worker that does not hold the projector lock (or lost PostgreSQL or NATS) tries again.</summary>
    public TimeSpan LockPollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
