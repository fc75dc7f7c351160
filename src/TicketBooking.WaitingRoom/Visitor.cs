namespace TicketBooking.WaitingRoom;

/// <summary>One buyer in one room (one row of waiting_room.visitors).</summary>
/// <param name="Arrival">Global arrival order; later arrivals are positioned in it.</param>
/// <param name="JoinedAt">The database's clock at the join.</param>
/// <param name="Position">Null until the admitter assigns it.</param>
/// <param name="Offer">Admitted as a waiting-list offer (after the sell-out).</param>
/// <param name="OrderedAt">The first purchase accepted with this admission.</param>
public sealed record Visitor(
    long SessionId,
    long UserId,
    long Arrival,
    DateTimeOffset JoinedAt,
    long? Position,
    DateTimeOffset? AdmittedAt,
    DateTimeOffset? AdmissionExpiresAt,
    bool Offer,
    DateTimeOffset? OrderedAt,
    Guid? OrderId,
    DateTimeOffset? LeftAt);
