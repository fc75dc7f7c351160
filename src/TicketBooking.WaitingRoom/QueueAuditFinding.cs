namespace TicketBooking.WaitingRoom;

/// <summary>One fault <see cref="QueueAudit"/> found; <see cref="Kind"/> is one of <see cref="QueueAudit"/>'s constants.</summary>
public sealed record QueueAuditFinding(string Kind, string Detail);
