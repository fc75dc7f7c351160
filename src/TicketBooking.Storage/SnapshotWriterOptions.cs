namespace TicketBooking.Storage;

public sealed record SnapshotWriterOptions
{
    /// <summary>How many snapshots per partition to keep; older ones are deleted when a new one is saved.</summary>
    public int KeepLast { get; init; } = 3;
}
