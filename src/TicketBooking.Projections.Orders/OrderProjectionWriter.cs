using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using TicketBooking.Engine.Journal;
using TicketBooking.Storage;

namespace TicketBooking.Projections.Orders;

/// <summary>
/// The writes of the order projection (<c>projections.orders</c> and <c>projections.order_checkpoints</c>), all
/// through the one connection that holds the projector's advisory lock, so a writer that lost its session
/// (and with it the lock) cannot write any more.
/// </summary>
public static class OrderProjectionWriter
{
    private static readonly long MinUnixMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    private const string CheckpointTable = "projections.order_checkpoints";

    private const string Columns =
        "order_id, session_id, buyer_id, status, seats, amount, hold_deadline, first_ticket_number, reject_reason, last_decision_partition, last_decision_sequence, hold_extensions";

    /// <summary>
    /// The checkpoints of the journal identified by <paramref name="journalEpoch"/>. Rows of another epoch (the
    /// stream was deleted and recreated, so its sequences started again) are dropped together with every
    /// projected order: the projection is the fold of the journal that exists.
    /// </summary>
    public static async Task<Dictionary<int, ulong>> LoadCheckpointsAsync(NpgsqlConnection connection, long journalEpoch, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var (checkpoints, stale) = await JournalCheckpoints.ReadAsync(connection, CheckpointTable, journalEpoch, cancellationToken).ConfigureAwait(false);
        if (!stale)
        {
            return checkpoints;
        }

        logger.LogWarning("TB_DECISIONS was recreated since the order projection was written; projecting it again from the start");
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var reset = new NpgsqlCommand($"DELETE FROM {CheckpointTable}; DELETE FROM projections.orders;", connection, transaction))
        {
            await reset.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return [];
    }

    /// <summary>Creates the session's staging table that <see cref="ApplyAsync"/> copies into (emptied at every commit).</summary>
    public static async Task PrepareAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS order_staging (LIKE projections.orders INCLUDING DEFAULTS) ON COMMIT DELETE ROWS",
            connection);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies <paramref name="batches"/> (in stream order, none of them at or below its partition's checkpoint)
    /// in one transaction together with the new checkpoints: a crash leaves both as before or both as after.
    /// The decisions are first folded per order in memory, then binary-copied into the staging table and
    /// merged; a row already at or past a decision ignores it, so applying a batch twice changes nothing.
    /// Returns the number of order rows written.
    /// </summary>
    public static async Task<int> ApplyAsync(
        NpgsqlConnection connection,
        IReadOnlyList<(ulong StreamSequence, JournalBatch Batch)> batches,
        long journalEpoch,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var staged = new StagedOrders();
        var checkpoints = new Dictionary<int, ulong>();
        foreach (var (streamSequence, batch) in batches)
        {
            checkpoints[batch.Partition] = streamSequence;
            foreach (var decision in batch.Decisions)
            {
                staged.Add(batch.Partition, decision);
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (staged.Count > 0)
        {
            await CopyAsync(connection, staged, cancellationToken).ConfigureAwait(false);
        }

        await using var commands = new NpgsqlBatch(connection, transaction);
        if (staged.Count > 0)
        {
            commands.BatchCommands.Add(new NpgsqlBatchCommand(
                $"""
                INSERT INTO projections.orders AS o ({Columns})
                SELECT {Columns} FROM order_staging
                ON CONFLICT (order_id) DO UPDATE SET
                    session_id = excluded.session_id,
                    buyer_id = COALESCE(excluded.buyer_id, o.buyer_id),
                    status = excluded.status,
                    seats = COALESCE(excluded.seats, o.seats),
                    amount = COALESCE(excluded.amount, o.amount),
                    hold_deadline = COALESCE(excluded.hold_deadline, o.hold_deadline),
                    first_ticket_number = COALESCE(excluded.first_ticket_number, o.first_ticket_number),
                    reject_reason = COALESCE(excluded.reject_reason, o.reject_reason),
                    hold_extensions = COALESCE(excluded.hold_extensions, o.hold_extensions),
                    last_decision_partition = excluded.last_decision_partition,
                    last_decision_sequence = excluded.last_decision_sequence,
                    updated_at = now()
                WHERE o.last_decision_sequence < excluded.last_decision_sequence
                """));
        }

        commands.BatchCommands.Add(JournalCheckpoints.Upsert(CheckpointTable, checkpoints, journalEpoch));
        await commands.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return staged.Count;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, StagedOrders staged, CancellationToken cancellationToken)
    {
        var importer = await connection.BeginBinaryImportAsync($"COPY order_staging ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var order in staged.Orders)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(order.OrderId, NpgsqlDbType.Uuid, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(order.SessionId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, order.BuyerId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(StatusColumn.Write(order.Status), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, order.Seats, NpgsqlDbType.Array | NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, order.Amount, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(
                    importer,
                    order.DeadlineMs is { } deadline ? DeadlineColumn(deadline) : (DateTime?)null,
                    NpgsqlDbType.TimestampTz,
                    cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, order.FirstTicketNumber, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, order.Reason, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(order.Partition, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(order.Sequence, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, order.HoldExtensions, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A hold's deadline as a timestamp. The journal's milliseconds are any long; one past what a timestamp holds
    /// is written as its last or first instant rather than stopping the projection on it.
    /// </summary>
    private static DateTime DeadlineColumn(long deadlineMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(deadlineMs, MinUnixMilliseconds, MaxUnixMilliseconds)).UtcDateTime;

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : class
    {
        if (value is not null)
        {
            await importer.WriteAsync(value, type, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct
    {
        if (value is { } present)
        {
            await importer.WriteAsync(present, type, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
