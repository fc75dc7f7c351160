namespace TicketBooking.IntegrationTests;

/// <summary>The throwaway PostgreSQL cluster accepts the tb role and lets it create and write tables.</summary>
[Collection(LocalServices.Name)]
public sealed class PostgresTests(ServicesFixture services)
{
    [Fact]
    public async Task Database_is_reachable_and_writable()
    {
        await using var connection = await services.Pg.OpenConnectionAsync();

        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TEMP TABLE it_probe (id bigint PRIMARY KEY, note text NOT NULL)";
            await create.ExecuteNonQueryAsync();
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO it_probe (id, note) VALUES ($1, $2), ($3, $4)";
            insert.Parameters.AddWithValue(1L);
            insert.Parameters.AddWithValue("one");
            insert.Parameters.AddWithValue(2L);
            insert.Parameters.AddWithValue("two");
            Assert.Equal(2, await insert.ExecuteNonQueryAsync());
        }

        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT string_agg(note, ',' ORDER BY id), current_user, current_database() FROM it_probe";
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("one,two", reader.GetString(0));
        Assert.Equal("tb", reader.GetString(1));
        Assert.Equal(new Npgsql.NpgsqlConnectionStringBuilder(services.PgConnectionString).Database, reader.GetString(2));
    }

    [Fact]
    public async Task The_tb_role_can_create_tables_in_the_public_schema()
    {
        var table = "it_" + Guid.NewGuid().ToString("N");
        await using var connection = await services.Pg.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TABLE {table} (id int); INSERT INTO {table} VALUES (7); DROP TABLE {table};";
        await command.ExecuteNonQueryAsync();
    }
}
