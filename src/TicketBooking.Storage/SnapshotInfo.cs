namespace TicketBooking.Storage;

/// <summary>What <see cref="SnapshotStore.ListAsync"/> tells about a stored snapshot, without its payload.</summary>
public sealed record SnapshotInfo(
    int Partition,
    long LastDecisionSequence,
    long LastInputSequence,
    long JournalStreamSequence,
    int FormatVersion,
    int SizeBytes,
    DateTimeOffset CreatedAt);
