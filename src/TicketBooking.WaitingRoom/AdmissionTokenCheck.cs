namespace TicketBooking.WaitingRoom;

/// <summary>The outcome of checking an admission token; only <see cref="Valid"/> lets a purchase through.</summary>
public enum AdmissionTokenCheck
{
    Valid,
    Missing,
    Malformed,
    BadSignature,
    OtherSession,
    OtherUser,
    Expired,
}
