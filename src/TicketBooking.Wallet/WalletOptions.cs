using TicketBooking.Contracts;

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

    public SettlementOptions Settlement { get; set; } = new();
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
}
