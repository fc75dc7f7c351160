namespace TicketBooking.Storage;

/// <summary>
/// A partition's engine state as stored: the encoded <see cref="TicketBooking.Engine.Snapshots.EngineSnapshot"/> and
/// the positions it includes. <see cref="JournalStreamSequence"/> is the TB_DECISIONS stream
/// sequence of the last journal batch the snapshot includes; recovery reads the journal after it.
/// </summary>
public sealed record StoredSnapshot(
    int Partition,
    long LastDecisionSequence,
    long LastInputSequence,
    long JournalStreamSequence,
    int FormatVersion,
    byte[] Payload,
    DateTimeOffset CreatedAt);
