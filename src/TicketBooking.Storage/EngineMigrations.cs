namespace TicketBooking.Storage;

/// <summary>The engine's own tables, in schema <c>engine</c>: the files under Migrations/.</summary>
public static class EngineMigrations
{
    public const string Schema = "engine";

    public static MigrationSet Set { get; } = MigrationSet.FromEmbeddedResources(Schema, typeof(EngineMigrations).Assembly);
}
