namespace TicketBooking.Audit;

/// <summary>One broken invariant, as data: a stable <see cref="Code"/> (see <see cref="AuditCodes"/>) and what was seen.</summary>
public sealed record AuditFinding(string Code, string Message);
