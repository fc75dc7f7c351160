using TicketBooking.Storage;

namespace TicketBooking.Projections.Statistics;

/// <summary>
/// The tables of schema <c>statistics</c>: the files under Migrations/, applied by <see cref="SchemaMigrator"/> from the
/// projections worker, which owns them. Readers (the ingress) never migrate.
/// </summary>
public static class StatisticsMigrations
{
    public const string Schema = "statistics";

    public static MigrationSet Set { get; } = MigrationSet.FromEmbeddedResources(Schema, typeof(StatisticsMigrations).Assembly);
}
