using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Engine.State;

namespace TicketBooking.Storage;

/// <summary>Engine snapshots in <c>engine.snapshots</c> (see Migrations/0001_engine_snapshots.sql).</summary>
public sealed class SnapshotStore(NpgsqlDataSource dataSource, ILogger<SnapshotStore>? logger = null)
{
    private const string Columns =
        "partition, last_decision_sequence, last_input_sequence, journal_stream_sequence, format_version, payload, payload_sha256, created_at";

    private readonly ILogger _logger = logger ?? NullLogger<SnapshotStore>.Instance;

    /// <summary>
    /// Stores <paramref name="snapshot"/> and, in the same transaction, deletes all but the newest
    /// <paramref name="keepLast"/> snapshots of its partition. Storing the same (partition, decision
    /// sequence) again changes nothing. Returns whether this call stored it.
    /// </summary>
    public async Task<bool> SaveAsync(StoredSnapshot snapshot, int keepLast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfLessThan(keepLast, 1);

        var insert = new NpgsqlBatchCommand(
            $"""
            INSERT INTO engine.snapshots ({Columns}, size_bytes)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (partition, last_decision_sequence) DO NOTHING
            """)
        {
            Parameters =
            {
                new() { Value = snapshot.Partition },
                new() { Value = snapshot.LastDecisionSequence },
                new() { Value = snapshot.LastInputSequence },
                new() { Value = snapshot.JournalStreamSequence },
                new() { Value = snapshot.FormatVersion },
                new() { Value = snapshot.Payload },
                new() { Value = SHA256.HashData(snapshot.Payload) },
                new() { Value = snapshot.CreatedAt.ToUniversalTime() },
                new() { Value = snapshot.Payload.Length },
            },
        };
        var prune = new NpgsqlBatchCommand(
            """
            DELETE FROM engine.snapshots
            WHERE partition = $1
              AND last_decision_sequence NOT IN (
                  SELECT last_decision_sequence FROM engine.snapshots
                  WHERE partition = $1
                  ORDER BY last_decision_sequence DESC
                  LIMIT $2)
            """)
        {
            Parameters = { new() { Value = snapshot.Partition }, new() { Value = (long)keepLast } },
        };

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { insert, prune } };
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return insert.RecordsAffected == 1;
    }

    /// <summary>
    /// The newest snapshot of <paramref name="partition"/> whose payload matches its SHA-256 and
    /// decodes; older ones are tried when a newer one fails (logged as a warning). Null when none does.
    /// </summary>
    public async Task<RestoredSnapshot?> LoadNewestValidAsync(int partition, CancellationToken cancellationToken)
    {
        var below = long.MaxValue;
        while (await LoadNewestBelowAsync(partition, below, cancellationToken).ConfigureAwait(false) is { } candidate)
        {
            if (TryRestore(candidate.Snapshot, candidate.StoredHash) is { } state)
            {
                return new RestoredSnapshot(candidate.Snapshot, state);
            }

            below = candidate.Snapshot.LastDecisionSequence;
        }

        return null;
    }

    /// <summary>The snapshots of <paramref name="partition"/>, newest first, without payloads.</summary>
    public async Task<IReadOnlyList<SnapshotInfo>> ListAsync(int partition, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT partition, last_decision_sequence, last_input_sequence, journal_stream_sequence, format_version, size_bytes, created_at
            FROM engine.snapshots
            WHERE partition = $1
            ORDER BY last_decision_sequence DESC
            """);
        command.Parameters.AddWithValue(partition);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var snapshots = new List<SnapshotInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            snapshots.Add(new SnapshotInfo(
                reader.GetInt32(0),
                reader.GetInt64(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetInt32(4),
                reader.GetInt32(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return snapshots;
    }

    private async Task<(StoredSnapshot Snapshot, byte[] StoredHash)?> LoadNewestBelowAsync(int partition, long belowDecisionSequence, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {Columns}
            FROM engine.snapshots
            WHERE partition = $1 AND last_decision_sequence < $2
            ORDER BY last_decision_sequence DESC
            LIMIT 1
            """);
        command.Parameters.AddWithValue(partition);
        command.Parameters.AddWithValue(belowDecisionSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var snapshot = new StoredSnapshot(
            reader.GetInt32(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            reader.GetInt64(3),
            reader.GetInt32(4),
            reader.GetFieldValue<byte[]>(5),
            reader.GetFieldValue<DateTimeOffset>(7));
        return (snapshot, reader.GetFieldValue<byte[]>(6));
    }

    private EngineState? TryRestore(StoredSnapshot snapshot, byte[] storedHash)
    {
        if (!SHA256.HashData(snapshot.Payload).AsSpan().SequenceEqual(storedHash))
        {
            _logger.LogWarning(
                "Snapshot of partition {Partition} at decision {DecisionSequence} does not match its SHA-256; trying an older one",
                snapshot.Partition,
                snapshot.LastDecisionSequence);
            return null;
        }

        EngineState state;
        try
        {
            state = SnapshotCodec.Deserialize(snapshot.Payload);
        }
        catch (Exception e) // whatever a bad payload throws, the answer is the same: try an older snapshot
        {
            _logger.LogWarning(
                e,
                "Snapshot of partition {Partition} at decision {DecisionSequence} does not decode; trying an older one",
                snapshot.Partition,
                snapshot.LastDecisionSequence);
            return null;
        }

        if (state.LastDecisionSequence != snapshot.LastDecisionSequence || state.LastInputSequence != snapshot.LastInputSequence)
        {
            _logger.LogWarning(
                "Snapshot of partition {Partition} at decision {DecisionSequence} holds decision {StateDecision} and input {StateInput}, not input {Input}; trying an older one",
                snapshot.Partition,
                snapshot.LastDecisionSequence,
                state.LastDecisionSequence,
                state.LastInputSequence,
                snapshot.LastInputSequence);
            return null;
        }

        return state;
    }
}
