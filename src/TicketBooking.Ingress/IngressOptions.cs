namespace TicketBooking.Ingress;

/// <summary>The <c>Ingress</c> configuration section (appsettings.json, or environment variables such as <c>Ingress__AdminKey</c>).</summary>
public sealed class IngressOptions
{
    public const string Section = "Ingress";

    /// <summary>What <c>X-Admin-Key</c> must carry for <c>/api/admin/*</c>. Change it anywhere but on a developer machine.</summary>
    public string AdminKey { get; set; } = "dev-admin-key";

    /// <summary>How long a publish may wait for JetStream's PubAck before the request is answered 503.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Purchases of one partition that arrive while its last publish waits for the PubAck travel together
    /// as one log entry, at most this many (group commit); 1 publishes every purchase on its own.
    /// </summary>
    public int GroupCommitMaxPurchases { get; set; } = 256;

    /// <summary>P, the number of engine partitions; must match nats.conf's mapping.</summary>
    public int PartitionCount { get; set; } = Contracts.SessionPartitioner.DefaultPartitionCount;

    /// <summary>The longest an order-status long poll (<c>?wait=</c> or <c>Prefer: wait=</c>) is held open.</summary>
    public TimeSpan MaxOrderWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Open order streams (<c>GET /api/orders/stream</c>) one buyer may have on this instance; more are answered 429.</summary>
    public int MaxOrderStreamsPerBuyer { get; set; } = 4;

    /// <summary>How often the on-sale sessions are read again from PostgreSQL.</summary>
    public TimeSpan CatalogRefreshInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Requests a buyer may make per <see cref="BuyerRateWindow"/> (a token bucket, so also the burst).</summary>
    public int BuyerRatePermits { get; set; } = 20;

    public TimeSpan BuyerRateWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Idempotency keys this instance remembers with their request's hash (oldest forgotten first).</summary>
    public int IdempotencyKeyCapacity { get; set; } = 200_000;

    /// <summary>Orders whose status this instance keeps in memory (oldest forgotten first).</summary>
    public int OrderCacheCapacity { get; set; } = 500_000;

    /// <summary>
    /// Key of the ticket codes shown on confirmed orders (HMAC-SHA256): every instance needs the same one, and
    /// whoever knows it can mint codes. Change it anywhere but on a developer machine.
    /// </summary>
    public string TicketCodeSecret { get; set; } = "dev-ticket-code-secret";

    /// <summary>Largest purchase body accepted; more is answered 413.</summary>
    public int MaxOrderBodyBytes { get; set; } = 16 * 1024;
}
