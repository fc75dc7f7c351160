using Npgsql;
using TicketBooking.Storage;

namespace TicketBooking.IntegrationTests.Storage;

[Collection(LocalServices.Name)]
public sealed class SchemaMigratorTests(ServicesFixture services)
{
    [Fact]
    public async Task Engine_migrations_applied_twice_leave_the_schema_as_it_was()
    {
        await SchemaMigrator.ForEngine(services.Pg).MigrateAsync(CancellationToken.None);

        var second = await SchemaMigrator.ForEngine(services.Pg).MigrateAsync(CancellationToken.None);

        Assert.Empty(second);
        await using var check = services.Pg.CreateCommand(
            "SELECT to_regclass('engine.snapshots') IS NOT NULL, (SELECT max(version) FROM engine.schema_migrations)");
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetBoolean(0));
        Assert.Equal(EngineMigrations.Set.Migrations[^1].Version, reader.GetInt32(1));
    }

    [Fact]
    public async Task Concurrent_migrators_apply_each_migration_exactly_once()
    {
        // A throwaway schema whose migrations fail if run twice (CREATE TABLE without IF NOT EXISTS).
        var schema = "it_migrations_" + Guid.NewGuid().ToString("N");
        var set = new MigrationSet(schema, [
            new Migration(2, "second", $"CREATE TABLE {schema}.b (id int); INSERT INTO {schema}.a VALUES (2);"),
            new Migration(1, "first", $"CREATE TABLE {schema}.a (id int); INSERT INTO {schema}.a VALUES (1);"),
        ]);
        try
        {
            var runs = await Task.WhenAll(Enumerable.Range(0, 4)
                .Select(_ => Task.Run(() => new SchemaMigrator(services.Pg, set).MigrateAsync(CancellationToken.None))));

            Assert.Equal([1, 2], runs.SelectMany(applied => applied).Order());
            Assert.Single(runs, applied => applied.Count == 2);
            await using var rows = services.Pg.CreateCommand($"SELECT string_agg(id::text, ',' ORDER BY id) FROM {schema}.a");
            Assert.Equal("1,2", await rows.ExecuteScalarAsync());
            Assert.Empty(await new SchemaMigrator(services.Pg, set).MigrateAsync(CancellationToken.None));
        }
        finally
        {
            await using var drop = services.Pg.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task A_failing_migration_rolls_the_whole_run_back()
    {
        var schema = "it_migrations_" + Guid.NewGuid().ToString("N");
        var set = new MigrationSet(schema, [
            new Migration(1, "good", $"CREATE TABLE {schema}.a (id int);"),
            new Migration(2, "bad", "SELECT no_such_function();"),
        ]);
        try
        {
            await Assert.ThrowsAsync<PostgresException>(() => new SchemaMigrator(services.Pg, set).MigrateAsync(CancellationToken.None));

            await using var check = services.Pg.CreateCommand("SELECT to_regnamespace($1) IS NULL");
            check.Parameters.AddWithValue(schema);
            Assert.Equal(true, await check.ExecuteScalarAsync());
        }
        finally
        {
            await using var drop = services.Pg.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public void Repeated_versions_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new MigrationSet("x", [new Migration(1, "a", ""), new Migration(1, "b", "")]));
    }
}
