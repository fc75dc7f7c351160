using TicketBooking.Storage;

namespace TicketBooking.Wallet;

/// <summary>The wallet's tables, in schema <c>wallet</c>: the files under Migrations/, applied by <see cref="SchemaMigrator"/>.</summary>
public static class WalletMigrations
{
    public const string Schema = "wallet";

    public static MigrationSet Set { get; } = MigrationSet.FromEmbeddedResources(Schema, typeof(WalletMigrations).Assembly);
}
