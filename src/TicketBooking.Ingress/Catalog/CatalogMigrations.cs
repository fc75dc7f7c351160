using TicketBooking.Storage;

namespace TicketBooking.Ingress.Catalog;

/// <summary>
/// The catalog's tables, in schema <c>catalog</c>: the files under Migrations/, applied by <see cref="SchemaMigrator"/>.
/// Version 2 is taken: it created schema <c>projections</c>, which the projections worker owns now
/// (TicketBooking.Projections.Orders); databases that applied it keep it listed, so the next catalog migration is 0003.
/// </summary>
public static class CatalogMigrations
{
    public const string Schema = "catalog";

    public static MigrationSet Set { get; } = MigrationSet.FromEmbeddedResources(Schema, typeof(CatalogMigrations).Assembly);
}
