using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace TicketBooking.Storage;

/// <summary>
/// Brings a component's schema up to date: applies, in version order, every migration of its
/// <see cref="MigrationSet"/> that its <c>{schema}.schema_migrations</c> table does not list.
/// </summary>
/// <remarks>
/// <para>
/// Adding an engine migration: put a file <c>Migrations/NNNN_what_it_does.sql</c> in this project
/// with the next free NNNN (e.g. <c>0002_snapshots_by_created_at.sql</c>). It is embedded by the
/// project file and picked up by <see cref="EngineMigrations.Set"/>; nothing else changes. Never edit
/// a migration that has shipped: add the next one. Write schema-qualified names (<c>engine.x</c>).
/// </para>
/// <para>
/// Another component (the wallet) gets its own schema: a <see cref="MigrationSet"/> of its own
/// (<see cref="MigrationSet.FromEmbeddedResources"/> over its assembly, same file naming), migrated by
/// the same class. The migrator creates the set's schema and history table itself.
/// </para>
/// <para>
/// A run is one transaction under a transaction-level advisory lock (<see cref="AdvisoryLockKey.SchemaMigration"/>), so processes that migrate at
/// once take turns and the later ones find nothing left to do; a failing migration rolls the whole
/// run back. Hence a migration must be transactional SQL (no <c>CREATE INDEX CONCURRENTLY</c>).
/// Versions in the database that this code does not know (a newer build migrated) are left alone.
/// </para>
/// </remarks>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, MigrationSet migrations, ILogger<SchemaMigrator>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<SchemaMigrator>.Instance;

    public static SchemaMigrator ForEngine(NpgsqlDataSource dataSource, ILogger<SchemaMigrator>? logger = null) =>
        new(dataSource, EngineMigrations.Set, logger);

    /// <summary>Applies what is missing and returns the versions this call applied (empty when up to date).</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        var schema = migrations.Schema;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await using (var lockRun = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, $2)", connection, transaction))
        {
            lockRun.Parameters.AddWithValue(AdvisoryLockKey.SchemaMigration.ClassId);
            lockRun.Parameters.AddWithValue(AdvisoryLockKey.SchemaMigration.ObjectId);
            await lockRun.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(
            $"""
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
                version    int         PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var select = new NpgsqlCommand($"SELECT version FROM {schema}.schema_migrations", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var appliedNow = new List<int>();
        foreach (var migration in migrations.Migrations.Where(migration => !applied.Contains(migration.Version)))
        {
            await ExecuteAsync(migration.Sql).ConfigureAwait(false);
            await using var record = new NpgsqlCommand($"INSERT INTO {schema}.schema_migrations (version, name) VALUES ($1, $2)", connection, transaction);
            record.Parameters.AddWithValue(migration.Version);
            record.Parameters.AddWithValue(migration.Name);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            appliedNow.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var version in appliedNow)
        {
            _logger.LogInformation("Applied migration {Schema}/{Version}", schema, version);
        }

        return appliedNow;

        async Task ExecuteAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
