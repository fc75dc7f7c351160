namespace TicketBooking.WaitingRoom;

/// <summary>
/// A configuration tried to change what a shuffled room fixes (its opening, sale start, close or creator); only the
/// rate, the mode and the lifetimes may change once the shuffle ran.
/// </summary>
public sealed class RoomAlreadyStartedException : Exception
{
    public RoomAlreadyStartedException()
    {
    }

    public RoomAlreadyStartedException(string message)
        : base(message)
    {
    }

    public RoomAlreadyStartedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RoomAlreadyStartedException(long sessionId)
        : base($"The waiting room of session {sessionId} is already shuffled: only its rate, mode and lifetimes may change.")
    {
        SessionId = sessionId;
    }

    public long SessionId { get; }
}
