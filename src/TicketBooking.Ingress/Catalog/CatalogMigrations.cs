using TicketBooking.Storage;

namespace TicketBooking.Ingress.Catalog;

/// <summary>The catalog's tables, in schema <c>catalog</c>: the files under Migrations/, applied by <see cref="SchemaMigrator"/>.</summary>
public static class CatalogMigrations
{
    public const string Schema = "catalog";

    public static MigrationSet Set { get; } = MigrationSet.FromEmbeddedResources(Schema, typeof(CatalogMigrations).Assembly);
}
