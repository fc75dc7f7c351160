using TicketBooking.Contracts;
using TicketBooking.Wallet.Loyalty;

namespace TicketBooking.Wallet;

/// <summary>Settings under <c>Wallet</c>.</summary>
public sealed class WalletOptions
{
    public const string Section = "Wallet";

    /// <summary>
    /// The one currency (ISO 4217) the wallet opens accounts in and settles orders in. Session prices
    /// are taken to be minor units of it: the engine knows amounts, not currencies.
    /// </summary>
    public string Currency { get; set; } = "EUR";

    /// <summary>How long to wait before trying again when PostgreSQL or NATS is away.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most one top-up (a provider's payment or an admin's credit) may add, in minor units. Default 1,000,000 (10,000.00).</summary>
    public long MaxTopUp { get; set; } = 1_000_000;

    /// <summary>The most a balance may reach through top-ups, in minor units. Default 10,000,000 (100,000.00).</summary>
    public long MaxBalance { get; set; } = 10_000_000;

    public SettlementOptions Settlement { get; set; } = new();

    public PaymentProviderOptions Provider { get; set; } = new();

    public LoyaltyOptions Loyalty { get; set; } = new();

    /// <summary>
    /// Origins (scheme://host:port, no path) of web pages that may call the wallet from a browser: the buyer's page
    /// served by the ingress (<c>Wallet__CorsOrigins__0=http://127.0.0.1:5180</c>, which <c>./tb</c> sets). Explicit
    /// origins only, no wildcard, and no credentials: the page sends its bearer token, never cookies. Default none
    /// (no cross-origin access).
    /// </summary>
    public string[] CorsOrigins { get; set; } = [];
}

/// <summary>Settings under <c>Wallet:Provider</c>: the payment provider whose signed callbacks credit top-ups.</summary>
public sealed class PaymentProviderOptions
{
    /// <summary>The fewest characters of <see cref="CallbackSecret"/>.</summary>
    public const int MinSecretLength = 32;

    /// <summary>The secret the provider signs callbacks with (see PaymentProviderSignature). No default: the wallet does not start without one.</summary>
    public string CallbackSecret { get; set; } = string.Empty;

    /// <summary>How far a callback's timestamp may be from the wallet's clock. Default 5 minutes.</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Settings under <c>Wallet:Settlement</c>.</summary>
public sealed class SettlementOptions
{
    /// <summary>Off for an instance that should only serve the HTTP API.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Journal messages fetched, and settled in one PostgreSQL transaction, at most.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>
    /// How long a fetch waits for the first message before checking that the consumer still exists.
    /// More than a second (the client's minimum); a message arriving earlier ends the wait at once.
    /// </summary>
    public TimeSpan FetchWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long JetStream waits for the ack of a delivered message before delivering it again, e.g. after
    /// a crash. A batch must be settled and published within it.
    /// </summary>
    public TimeSpan AckWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Log entries of payment results published to TB_INPUT at once, each awaiting its PubAck. The results of
    /// one settled batch travel as one entry per partition (a lone result on its own, with its message id).
    /// </summary>
    public int PublishConcurrency { get; set; } = 16;

    /// <summary>P, the number of engine partitions; must match nats.conf's mapping.</summary>
    public int PartitionCount { get; set; } = SessionPartitioner.DefaultPartitionCount;

    /// <summary>
    /// Readiness fails while more journal messages than this wait for settlement (or while it has no live consumer).
    /// A wallet whose consumer is new reads the whole journal first: 100,000 messages, seconds of settling, lets it
    /// be ready before the last of them, while one left far behind, whose holds expire unpaid, is not.
    /// </summary>
    public long MaxPending { get; set; } = 100_000;
}
