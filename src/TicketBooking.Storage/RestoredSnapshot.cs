using TicketBooking.Engine.State;

namespace TicketBooking.Storage;

/// <summary>A stored snapshot that passed its checks, and the engine state decoded from it.</summary>
public sealed record RestoredSnapshot(StoredSnapshot Snapshot, EngineState State);
