namespace TicketBooking.Engine.Host.Partitions;

public enum PartitionStatus
{
    /// <summary>Waiting for the lease: another process owns the partition.</summary>
    Standby,
    Recovering,
    Running,

    /// <summary>Failed (NATS or PostgreSQL away); recovers again after a delay.</summary>
    Restarting,

    /// <summary>Another engine journaled this partition: stopped for good, an operator must look.</summary>
    Fenced,
    Stopped,
}
