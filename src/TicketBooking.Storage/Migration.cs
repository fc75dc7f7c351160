namespace TicketBooking.Storage;

/// <summary>One schema change, applied once and in version order by <see cref="SchemaMigrator"/>.</summary>
public sealed record Migration(int Version, string Name, string Sql);
