namespace TicketBooking.WaitingRoom;

/// <summary>What a visitor is told about their place in the queue.</summary>
/// <param name="Ahead">Positions ahead still to be admitted: an upper bound (visitors who left ahead are counted).</param>
/// <param name="Eta">Ahead at the room's rate; null in seats mode, when sold out, or when not waiting.</param>
/// <param name="PreQueue">Joined before the sale's start and not shuffled yet.</param>
public sealed record QueueStanding(
    StandingState State,
    long? Position,
    long? Ahead,
    TimeSpan? Eta,
    bool PreQueue,
    bool SoldOut,
    bool Offer,
    DateTimeOffset? AdmissionExpiresAt);
