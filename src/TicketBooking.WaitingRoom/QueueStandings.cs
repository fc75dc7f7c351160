namespace TicketBooking.WaitingRoom;

/// <summary>The one rule that turns a visitor's row and their room into what the visitor is told.</summary>
public static class QueueStandings
{
    /// <remarks>
    /// The states in order of precedence: <see cref="StandingState.Ordered"/> once a purchase was accepted with the
    /// admission; <see cref="StandingState.Admitted"/> until the admission expires, <see cref="StandingState.Expired"/>
    /// after; <see cref="StandingState.Left"/>; <see cref="StandingState.Closed"/> from the show's start; otherwise
    /// <see cref="StandingState.Waiting"/>. Ahead and Eta are given only while waiting with a position.
    /// </remarks>
    public static QueueStanding Of(Visitor visitor, RoomStatus room, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        ArgumentNullException.ThrowIfNull(room);
        var soldOut = room.SoldOutAt is not null;
        var state = StateOf(visitor, room, now);
        long? ahead = null;
        TimeSpan? eta = null;
        if (state == StandingState.Waiting && visitor.Position is { } position)
        {
            ahead = Math.Max(0, position - room.AdmittedThrough - 1);
            if (room.Settings.Mode == AdmissionMode.Rate && !soldOut)
            {
                eta = TimeSpan.FromSeconds(ahead.Value * 60.0 / room.Settings.AdmitPerMinute);
            }
        }

        var preQueue = visitor.Position is null && !room.Shuffled && visitor.JoinedAt < room.Settings.SaleStartsAt
            && visitor.LeftAt is null;
        return new QueueStanding(state, visitor.Position, ahead, eta, preQueue, soldOut, visitor.Offer, visitor.AdmissionExpiresAt);
    }

    private static StandingState StateOf(Visitor visitor, RoomStatus room, DateTimeOffset now)
    {
        if (visitor.OrderedAt is not null)
        {
            return StandingState.Ordered;
        }

        if (visitor.AdmittedAt is not null)
        {
            return visitor.AdmissionExpiresAt > now ? StandingState.Admitted : StandingState.Expired;
        }

        if (visitor.LeftAt is not null)
        {
            return StandingState.Left;
        }

        return room.PhaseAt(now) == RoomPhase.Closed ? StandingState.Closed : StandingState.Waiting;
    }
}
