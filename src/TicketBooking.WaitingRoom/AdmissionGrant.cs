namespace TicketBooking.WaitingRoom;

/// <summary>What an admission token vouches for: this user may buy in this session until <see cref="ExpiresAt"/>.</summary>
public sealed record AdmissionGrant(long SessionId, long UserId, long Position, DateTimeOffset ExpiresAt);
