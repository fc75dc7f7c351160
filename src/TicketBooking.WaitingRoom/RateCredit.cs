namespace TicketBooking.WaitingRoom;

/// <summary>
/// What is left of a room's rate after its last rate-paced admission: <see cref="Units"/> (1/60,000 of a visitor,
/// so that admit_per_minute × milliseconds adds up in whole numbers) as of <see cref="At"/>.
/// </summary>
public sealed record RateCredit(long Units, DateTimeOffset At);
