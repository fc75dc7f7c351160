using TicketBooking.Ingress.Catalog;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Ingress.WaitingRoom;

/// <summary>The optional <c>waitingRoom</c> of <c>POST /api/admin/sessions</c>: checked with the session's other fields, stored before the session goes on sale.</summary>
public sealed class SessionRooms(WaitingRoomStore store, RoomBoard board)
{
    /// <summary>The room's settings (null when the request has no room), or the 422 that says what is wrong with them.</summary>
    public static (RoomSettings? Settings, UnprocessableProblem? Problem) SettingsOf(CreateSessionRequest request, long sessionId, long createdBy)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.WaitingRoom is { } room ? room.ToSettings(sessionId, request.StartsAt, createdBy, "waitingRoom.") : (null, null);
    }

    /// <summary>
    /// Stores the room (again, on a retry of the session) and puts it on this instance's board at once, so that no
    /// purchase here passes without a token once the session is on sale. False when the room's shuffle ran already
    /// and the settings change what it fixed.
    /// </summary>
    public async Task<bool> TryStoreAsync(RoomSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            board.Publish(await store.ConfigureAsync(settings, cancellationToken).ConfigureAwait(false));
            return true;
        }
        catch (RoomAlreadyStartedException)
        {
            return false;
        }
    }
}
