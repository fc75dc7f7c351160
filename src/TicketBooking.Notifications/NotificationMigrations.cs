using TicketBooking.Storage;

namespace TicketBooking.Notifications;

/// <summary>
/// The tables of schema <c>notifications</c>: the files under Migrations/, applied by <see cref="SchemaMigrator"/>
/// from the projections worker, which owns them. The ingress never migrates.
/// </summary>
public static class NotificationMigrations
{
    public const string Schema = "notifications";

    /// <summary>The PostgreSQL channel the projector notifies (in its transaction, so at commit) when it stored notifications.</summary>
    public const string Channel = "tb_notifications";

    public static MigrationSet Set { get; } = MigrationSet.FromEmbeddedResources(Schema, typeof(NotificationMigrations).Assembly);
}
