using Npgsql;

namespace TicketBooking.Conventional;

/// <summary>Where the conventional service keeps its data, and the schema it needs there.</summary>
public static class ConventionalDatabase
{
    public const string DefaultName = "conventional";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS sessions (
            id bigint PRIMARY KEY,
            rows int NOT NULL,
            seats_per_row int NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS orders (
            id uuid PRIMARY KEY,
            session_id bigint NOT NULL REFERENCES sessions (id),
            buyer_id bigint NOT NULL,
            idempotency_key text NOT NULL,
            request text NOT NULL,
            seats int[] NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (buyer_id, idempotency_key));
        CREATE TABLE IF NOT EXISTS seats (
            session_id bigint NOT NULL REFERENCES sessions (id),
            seat_id int NOT NULL,
            row int NOT NULL,
            category int NOT NULL,
            order_id uuid NULL REFERENCES orders (id),
            PRIMARY KEY (session_id, seat_id));
        -- Best-N walks the free seats of one category from the best row without passing sold ones.
        CREATE INDEX IF NOT EXISTS seats_free_best_first ON seats (session_id, category, row, seat_id) WHERE order_id IS NULL;
        """;

    /// <summary>
    /// <c>Conventional:ConnectionString</c> when set, else <c>TB_PG</c> (or the local default) with the
    /// database swapped for <c>Conventional:Database</c> (<c>conventional</c>), a pool of at most
    /// <c>Conventional:MaxPoolSize</c> (16) connections and <c>Conventional:SynchronousCommit</c> when given.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["Conventional:ConnectionString"] is { Length: > 0 } explicitSetting)
        {
            return explicitSetting;
        }

        var shared = configuration["TB_PG"] ?? Environment.GetEnvironmentVariable("TB_PG") ?? "Host=127.0.0.1;Port=5433;Username=tb;Password=tb";
        var builder = new NpgsqlConnectionStringBuilder(shared)
        {
            Database = configuration["Conventional:Database"] ?? DefaultName,
            // Sized to the database server, not to the HTTP requests in flight: more backends than a few per core
            // only queue on the same cores and row locks (Npgsql's default is 100).
            MaxPoolSize = configuration.GetValue("Conventional:MaxPoolSize", 16),
        };

        // off: a commit returns once it is in PostgreSQL's WAL buffers, not yet fsynced: the promise a single
        // nats-server's PubAck gives TicketBooking's 202 (in the file, not fsynced). PostgreSQL's default is on.
        if (configuration["Conventional:SynchronousCommit"] is { Length: > 0 } synchronousCommit)
        {
            if (synchronousCommit is not ("on" or "off" or "local" or "remote_write" or "remote_apply"))
            {
                throw new InvalidOperationException($"Conventional:SynchronousCommit is on, off, local, remote_write or remote_apply, not '{synchronousCommit}'.");
            }

            builder.Options = $"-c synchronous_commit={synchronousCommit}";
        }

        // Prepared statements for the few hot commands, as a production deployment would configure.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 16;
        }

        return builder.ConnectionString;
    }

    /// <summary>Creates the database (through the server's <c>postgres</c> database) when missing, then the schema.</summary>
    public static async Task EnsureAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(maintenance.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.Add(new NpgsqlParameter { Value = target.Database });
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                try
                {
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
                {
                    // Another instance created it first.
                }
            }
        }

        var schemaBuilder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var schemaConnection = new NpgsqlConnection(schemaBuilder.ConnectionString);
        await schemaConnection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await schemaConnection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Instances starting together would race on CREATE ... IF NOT EXISTS.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7010001)", schemaConnection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var schema = new NpgsqlCommand(Schema, schemaConnection, transaction))
        {
            await schema.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
