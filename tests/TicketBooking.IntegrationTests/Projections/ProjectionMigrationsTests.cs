using TicketBooking.Engine.State;
using TicketBooking.Projections.Orders;
using TicketBooking.Storage;

namespace TicketBooking.IntegrationTests.Projections;

/// <summary>Schema <c>projections</c>, owned by the projections worker, in databases of their own (created and dropped here).</summary>
[Collection(LocalServices.Name)]
public sealed class ProjectionMigrationsTests(ServicesFixture services)
{
    [Fact]
    public async Task A_database_whose_projection_came_from_the_ingress_keeps_its_rows()
    {
        await using var database = await ScratchDatabase.CreateAsync(services, "tb_it_projections_");
        // What the ingress's catalog migration 0002 created before the worker owned the schema.
        await database.ExecuteAsync(
            """
            CREATE SCHEMA IF NOT EXISTS projections;
            CREATE TABLE projections.orders (
                order_id uuid PRIMARY KEY, session_id bigint NOT NULL, buyer_id bigint, status text NOT NULL, seats int[],
                amount bigint, hold_deadline timestamptz, first_ticket_number bigint, reject_reason text,
                last_decision_partition int NOT NULL, last_decision_sequence bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE projections.order_checkpoints (
                partition int PRIMARY KEY, stream_sequence bigint NOT NULL, journal_epoch bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO projections.orders (order_id, session_id, buyer_id, status, seats, amount, last_decision_partition, last_decision_sequence)
            VALUES ('7b0e7f4e-56c4-4a58-9a0b-7d4f1b0c2a11', 5, 42, 'held', '{1,2}', 14000, 3, 17);
            INSERT INTO projections.order_checkpoints (partition, stream_sequence, journal_epoch) VALUES (3, 9, 1);
            """);

        var applied = await new SchemaMigrator(database.Pg, ProjectionMigrations.Set).MigrateAsync(CancellationToken.None);

        Assert.Equal(ProjectionMigrations.Set.Migrations.Select(migration => migration.Version), applied);
        var order = await new OrderProjectionReader(database.Pg).FindAsync(Guid.Parse("7b0e7f4e-56c4-4a58-9a0b-7d4f1b0c2a11"), CancellationToken.None);
        Assert.NotNull(order);
        Assert.Equal((42L, OrderStatus.Held, 14000L), (order.BuyerId, order.Status, order.Amount!.Value));
        Assert.Equal([1, 2], order.Seats!);
        await using var checkpoint = database.Pg.CreateCommand("SELECT stream_sequence FROM projections.order_checkpoints WHERE partition = 3");
        Assert.Equal(9L, await checkpoint.ExecuteScalarAsync());
        Assert.Empty(await new SchemaMigrator(database.Pg, ProjectionMigrations.Set).MigrateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Before_the_worker_migrated_a_database_the_reader_finds_no_order_there()
    {
        await using var database = await ScratchDatabase.CreateAsync(services, "tb_it_projections_");
        var reader = new OrderProjectionReader(database.Pg);

        Assert.Null(await reader.FindAsync(Guid.NewGuid(), CancellationToken.None));
        await new SchemaMigrator(database.Pg, ProjectionMigrations.Set).MigrateAsync(CancellationToken.None);
        Assert.Null(await reader.FindAsync(Guid.NewGuid(), CancellationToken.None));
    }
}
