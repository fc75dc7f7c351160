using TicketBooking.Storage;

namespace TicketBooking.Identity;

/// <summary>The identity tables, in schema <c>identity</c>: the files under Migrations/, applied by <see cref="SchemaMigrator"/>.</summary>
public static class IdentityMigrations
{
    public const string Schema = "identity";

    public static MigrationSet Set { get; } = MigrationSet.FromEmbeddedResources(Schema, typeof(IdentityMigrations).Assembly);
}
