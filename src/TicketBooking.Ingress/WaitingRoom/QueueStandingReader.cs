using TicketBooking.WaitingRoom;

namespace TicketBooking.Ingress.WaitingRoom;

/// <summary>
/// A buyer's standing from their visitor row and the room as the <see cref="RoomBoard"/> has it, with the admission
/// token while the admission lasts. A room the board does not know yet (configured on another instance a moment ago)
/// is read from the store once and put on the board.
/// </summary>
public sealed class QueueStandingReader(WaitingRoomStore store, RoomBoard board, AdmissionTokens tokens, TimeProvider clock)
{
    public TimeProvider Clock => clock;

    /// <summary>The session's room; null when it has none.</summary>
    public async Task<RoomStatus?> RoomAsync(long sessionId, CancellationToken cancellationToken)
    {
        if (board.Find(sessionId) is { } known)
        {
            return known;
        }

        if (await store.GetAsync(sessionId, cancellationToken).ConfigureAwait(false) is not { } room)
        {
            return null;
        }

        board.Publish(room);
        return room;
    }

    /// <summary>
    /// The standing as the buyer sees it. The token goes with an admission that has not expired, also once the buyer
    /// ordered: the order may still be rejected (a seat taken), and the buyer may try again while the admission lasts.
    /// </summary>
    public QueueStandingView View(Visitor visitor, RoomStatus room)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        var now = clock.GetUtcNow();
        var standing = QueueStandings.Of(visitor, room, now);
        var token = standing.State is StandingState.Admitted or StandingState.Ordered
            && visitor.Position is { } position
            && visitor.AdmissionExpiresAt is { } expiresAt && expiresAt > now
                ? tokens.Issue(new AdmissionGrant(visitor.SessionId, visitor.UserId, position, expiresAt))
                : null;
        return QueueStandingView.From(standing, token);
    }
}
