using Npgsql;

namespace TicketBooking.Storage;

/// <summary>
/// The per-partition checkpoints of a projection of TB_DECISIONS, in a table of its own with the columns
/// <c>partition</c> (the key), <c>stream_sequence</c>, <c>journal_epoch</c> and <c>updated_at</c>. The epoch (the
/// stream's created time) tells a recreated stream, whose sequences started again, from the one checkpointed.
/// </summary>
public static class JournalCheckpoints
{
    /// <summary>
    /// The checkpoints in <paramref name="table"/>; <c>Stale</c> when any row belongs to another epoch than
    /// <paramref name="journalEpoch"/>, so the projection must be reset and follow the stream from its start.
    /// </summary>
    public static async Task<(Dictionary<int, ulong> Checkpoints, bool Stale)> ReadAsync(NpgsqlConnection connection, string table, long journalEpoch, CancellationToken cancellationToken)
    {
        var checkpoints = new Dictionary<int, ulong>();
        var stale = false;
        await using var select = new NpgsqlCommand($"SELECT partition, stream_sequence, journal_epoch FROM {table}", connection);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            stale |= reader.GetInt64(2) != journalEpoch;
            checkpoints[reader.GetInt32(0)] = (ulong)reader.GetInt64(1);
        }

        return (checkpoints, stale);
    }

    /// <summary>The statement that moves <paramref name="checkpoints"/> in <paramref name="table"/> to <paramref name="journalEpoch"/>, for the batch of the transaction that applies them.</summary>
    public static NpgsqlBatchCommand Upsert(string table, IReadOnlyDictionary<int, ulong> checkpoints, long journalEpoch)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        var upsert = new NpgsqlBatchCommand(
            $"""
            INSERT INTO {table} (partition, stream_sequence, journal_epoch)
            SELECT partition, stream_sequence, $3 FROM unnest($1::int[], $2::bigint[]) AS c (partition, stream_sequence)
            ON CONFLICT (partition) DO UPDATE SET
                stream_sequence = excluded.stream_sequence, journal_epoch = excluded.journal_epoch, updated_at = now()
            """);
        upsert.Parameters.AddWithValue(checkpoints.Keys.ToArray());
        upsert.Parameters.AddWithValue(checkpoints.Values.Select(sequence => (long)sequence).ToArray());
        upsert.Parameters.AddWithValue(journalEpoch);
        return upsert;
    }
}
