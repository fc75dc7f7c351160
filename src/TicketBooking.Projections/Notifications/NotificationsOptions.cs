using TicketBooking.Notifications;

namespace TicketBooking.Projections.Notifications;

/// <summary>The <c>Notifications</c> configuration section of the projections worker (or <c>Notifications__MaxAttempts</c> and so on).</summary>
public sealed class NotificationsOptions
{
    public const string Section = "Notifications";

    /// <summary>Journal batches the notification projector applies in one transaction at most (256, as the order projector).</summary>
    public int BatchesPerTransaction { get; set; } = 256;

    /// <summary>How often a worker that does not hold the notification projector's lock (or lost PostgreSQL or NATS) tries again.</summary>
    public TimeSpan LockPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether this worker sends webhooks (on by default; several workers share the outbox safely).</summary>
    public bool DeliverWebhooks { get; set; } = true;

    /// <summary>How often the delivery worker looks for due deliveries when the last look found none.</summary>
    public TimeSpan DeliveryPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Deliveries claimed (and sent in parallel) per transaction.</summary>
    public int DeliveriesPerClaim { get; set; } = 32;

    /// <summary>How long one POST may take before it counts as failed: short, since the claimed rows stay locked meanwhile.</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first retry's delay; doubled per failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts in all before a delivery is marked failed: 10 is about 1.5 hours of retries with the defaults.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Up to this fraction of each delay is added at random.</summary>
    public double RetryJitterFraction { get; set; } = 0.2;

    /// <summary>Whether http:// to a loopback address is sent to (tests, the demo); https only otherwise.</summary>
    public bool AllowLoopbackHttp { get; set; }

    public RetrySchedule Retries => new(FirstRetryDelay, MaxRetryDelay, MaxAttempts, RetryJitterFraction);
}
