using TicketBooking.Storage;

namespace TicketBooking.Projections.Orders;

/// <summary>
/// The tables of schema <c>projections</c>: the files under Migrations/, applied by <see cref="SchemaMigrator"/>
/// from the projections worker, which owns them. Readers (the ingress) never migrate.
/// </summary>
public static class ProjectionMigrations
{
    public const string Schema = "projections";

    public static MigrationSet Set { get; } = MigrationSet.FromEmbeddedResources(Schema, typeof(ProjectionMigrations).Assembly);
}
