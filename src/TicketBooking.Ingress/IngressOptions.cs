namespace TicketBooking.Ingress;

/// <summary>The <c>Ingress</c> configuration section (appsettings.json, or environment variables such as <c>Ingress__TicketCodeSecret</c>).</summary>
public sealed class IngressOptions
{
    public const string Section = "Ingress";

    /// <summary>The fewest characters of <see cref="TicketCodeSecret"/>.</summary>
    public const int MinSecretLength = 32;

    /// <summary>
    /// The wallet's currency (ISO 4217, upper case): sessions are priced in it, since the wallet settles in its
    /// one currency. Default EUR, the wallet's default.
    /// </summary>
    public string Currency { get; set; } = "EUR";

    /// <summary>The most one seat may cost, in minor units. Default 1,000,000 (10,000.00).</summary>
    public long MaxSeatPrice { get; set; } = 1_000_000;

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

    /// <summary>
    /// Requests one client IP address may make per <see cref="ClientIpRateWindow"/> (a token bucket, so also the burst),
    /// signed in or not. Default 200/s: a few buyers behind one NAT at a drop make some tens a second each at most (the
    /// buyer limit caps each at 20/s), while a single flooding address is cut to a trickle. Behind a load balancer this
    /// needs the client's address preserved (PROXY protocol or a transparent balancer); a load test from another machine raises it.
    /// </summary>
    public int ClientIpRatePermits { get; set; } = 200;

    public TimeSpan ClientIpRateWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Requests this instance takes per <see cref="GlobalRateWindow"/> from everyone together, beyond which it answers
    /// 429 at once instead of queueing. Default 50,000/s: a whole 10,000 purchases/s drop plus its one or two long-poll
    /// reads per order on one instance, with room to spare; about three times what one instance was measured to serve.
    /// </summary>
    public int GlobalRatePermits { get; set; } = 50_000;

    public TimeSpan GlobalRateWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether loopback clients count against the per-IP limits (requests and event streams). Off by default: in
    /// production no buyer comes from loopback, and the load generator on the same machine sends everything from 127.0.0.1.
    /// </summary>
    public bool LimitLoopbackClients { get; set; }

    /// <summary>Server-Sent Event streams (orders and availability together) one client IP may have open on this instance.</summary>
    public int MaxStreamsPerClientIp { get; set; } = 20;

    /// <summary>Server-Sent Event streams this instance keeps open in all; more are answered 429.</summary>
    public int MaxStreams { get; set; } = 10_000;

    /// <summary>
    /// How long the server keeps one event stream open before ending it (the client reconnects, told by <c>retry:</c>):
    /// so connections spread over instances added since, and an abandoned tab holds nothing for long. Each stream's
    /// end is jittered down by up to a tenth, so streams opened together do not all reconnect together.
    /// </summary>
    public TimeSpan MaxStreamLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Idempotency keys this instance remembers with their request's hash (oldest forgotten first).</summary>
    public int IdempotencyKeyCapacity { get; set; } = 200_000;

    /// <summary>
    /// Readiness fails while a stream follower (decisions, availability) is more messages behind the stream than
    /// this. A fresh instance reads TB_DECISIONS from its start, so this also says how close to the end it must be
    /// before it takes traffic: 100,000 journal batches, a few seconds of catching up, so that an instance on a long
    /// journal is ready soon, while one stuck far behind (orders would read pending) is not.
    /// </summary>
    public long MaxFollowerLag { get; set; } = 100_000;

    /// <summary>Orders whose status this instance keeps in memory (oldest forgotten first).</summary>
    public int OrderCacheCapacity { get; set; } = 500_000;

    /// <summary>
    /// Key of the ticket codes shown on confirmed orders (HMAC-SHA256): every instance needs the same one, and
    /// whoever knows it can mint codes. No default: the ingress does not start without one.
    /// </summary>
    public string TicketCodeSecret { get; set; } = string.Empty;

    /// <summary>
    /// Key of the waiting rooms' admission tokens (HMAC-SHA256): every instance needs the same one, and whoever knows
    /// it can admit anyone. At least <see cref="MinSecretLength"/> characters; no default.
    /// </summary>
    public string AdmissionTokenSecret { get; set; } = string.Empty;

    /// <summary>Largest purchase body accepted; more is answered 413.</summary>
    public int MaxOrderBodyBytes { get; set; } = 16 * 1024;
}
