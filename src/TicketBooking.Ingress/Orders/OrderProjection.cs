using Npgsql;
using NpgsqlTypes;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;

namespace TicketBooking.Ingress.Orders;

/// <summary>
/// The PostgreSQL projection of orders (<c>projections.orders</c>, with <c>projections.order_checkpoints</c>):
/// reads for any instance, and the writes that only the <see cref="OrderProjector"/> holding the lock makes.
/// </summary>
public sealed class OrderProjection(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "order_id, session_id, buyer_id, status, seats, amount, hold_deadline, first_ticket_number, reject_reason, last_decision_partition, last_decision_sequence";

    /// <summary>The order as the projection has it, or null when it has no row.</summary>
    public async Task<OrderRecord?> FindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT session_id, buyer_id, status, seats, amount, hold_deadline, first_ticket_number, reject_reason FROM projections.orders WHERE order_id = $1");
        command.Parameters.AddWithValue(orderId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new OrderRecord(
            orderId,
            reader.GetInt64(0),
            reader.IsDBNull(1) ? 0 : reader.GetInt64(1),
            ParseStatus(reader.GetString(2)),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<int[]>(3),
            reader.IsDBNull(4) ? null : reader.GetInt64(4),
            reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(5)).ToUnixTimeMilliseconds(),
            reader.IsDBNull(6) ? null : reader.GetInt64(6),
            reader.IsDBNull(7) ? null : reader.GetString(7));
    }

    /// <summary>
    /// The checkpoints of the journal identified by <paramref name="journalEpoch"/>. Rows of another epoch (the
    /// stream was deleted and recreated, so its sequences started again) are dropped together with every
    /// projected order: the projection is the fold of the journal that exists.
    /// </summary>
    internal static async Task<Dictionary<int, ulong>> LoadCheckpointsAsync(NpgsqlConnection connection, long journalEpoch, ILogger logger, CancellationToken cancellationToken)
    {
        var checkpoints = new Dictionary<int, ulong>();
        var stale = false;
        await using (var select = new NpgsqlCommand("SELECT partition, stream_sequence, journal_epoch FROM projections.order_checkpoints", connection))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stale |= reader.GetInt64(2) != journalEpoch;
                checkpoints[reader.GetInt32(0)] = (ulong)reader.GetInt64(1);
            }
        }

        if (!stale)
        {
            return checkpoints;
        }

        logger.LogWarning("TB_DECISIONS was recreated since the order projection was written; projecting it again from the start");
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var reset = new NpgsqlCommand("DELETE FROM projections.order_checkpoints; DELETE FROM projections.orders;", connection, transaction))
        {
            await reset.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return [];
    }

    /// <summary>Creates the session's staging table that <see cref="ApplyAsync"/> copies into (emptied at every commit).</summary>
    internal static async Task PrepareAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
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
    /// </summary>
    internal static async Task ApplyAsync(
        NpgsqlConnection connection,
        IReadOnlyList<(ulong StreamSequence, JournalBatch Batch)> batches,
        long journalEpoch,
        CancellationToken cancellationToken)
    {
        var staged = new Dictionary<Guid, StagedOrder>();
        var checkpoints = new Dictionary<int, ulong>();
        foreach (var (streamSequence, batch) in batches)
        {
            checkpoints[batch.Partition] = streamSequence;
            foreach (var decision in batch.Decisions)
            {
                Fold(staged, batch.Partition, decision);
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (staged.Count > 0)
        {
            await using var importer = await connection.BeginBinaryImportAsync($"COPY order_staging ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            foreach (var order in staged.Values)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(order.OrderId, NpgsqlDbType.Uuid, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(order.SessionId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, order.BuyerId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(order.Status, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                if (order.Seats is { } seats)
                {
                    await importer.WriteAsync(seats, NpgsqlDbType.Array | NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }

                await WriteNullableAsync(importer, order.Amount, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                if (order.DeadlineMs is { } deadline)
                {
                    await importer.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(deadline).UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }

                await WriteNullableAsync(importer, order.FirstTicketNumber, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                if (order.Reason is { } reason)
                {
                    await importer.WriteAsync(reason, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }

                await importer.WriteAsync(order.Partition, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(order.Sequence, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
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
                    last_decision_partition = excluded.last_decision_partition,
                    last_decision_sequence = excluded.last_decision_sequence,
                    updated_at = now()
                WHERE o.last_decision_sequence < excluded.last_decision_sequence
                """));
        }

        var checkpoint = new NpgsqlBatchCommand(
            """
            INSERT INTO projections.order_checkpoints (partition, stream_sequence, journal_epoch)
            SELECT partition, stream_sequence, $3 FROM unnest($1::int[], $2::bigint[]) AS c (partition, stream_sequence)
            ON CONFLICT (partition) DO UPDATE SET
                stream_sequence = excluded.stream_sequence, journal_epoch = excluded.journal_epoch, updated_at = now()
            """);
        checkpoint.Parameters.AddWithValue(checkpoints.Keys.ToArray());
        checkpoint.Parameters.AddWithValue(checkpoints.Values.Select(sequence => (long)sequence).ToArray());
        checkpoint.Parameters.AddWithValue(journalEpoch);
        commands.BatchCommands.Add(checkpoint);
        await commands.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What <paramref name="decision"/> changes about its order; fields left null keep what the row has.</summary>
    private static void Fold(Dictionary<Guid, StagedOrder> staged, int partition, Decision decision)
    {
        (Guid OrderId, long SessionId)? target = decision switch
        {
            OrderHeld held => (held.OrderId, held.SessionId),
            Rejected { Command: CommandKind.Purchase, Reason: not RejectReason.DuplicateOrder } rejected => (rejected.OrderId, rejected.SessionId),
            OrderConfirmed confirmed => (confirmed.OrderId, confirmed.SessionId),
            OrderReleased released => (released.OrderId, released.SessionId),
            OrderExpired expired => (expired.OrderId, expired.SessionId),
            OrderCancelled cancelled => (cancelled.OrderId, cancelled.SessionId),
            _ => null,
        };
        if (target is not { } key)
        {
            return;
        }

        if (!staged.TryGetValue(key.OrderId, out var order))
        {
            order = new StagedOrder { OrderId = key.OrderId, SessionId = key.SessionId };
            staged.Add(key.OrderId, order);
        }

        order.Partition = partition;
        order.Sequence = decision.Sequence;
        switch (decision)
        {
            case OrderHeld held:
                order.Status = "held";
                order.BuyerId = held.BuyerId;
                order.Seats = held.Seats;
                order.Amount = held.Amount;
                order.DeadlineMs = held.DeadlineMs;
                break;
            case Rejected rejected:
                order.Status = "rejected";
                order.BuyerId = rejected.BuyerId;
                order.Reason = rejected.Reason.ToString();
                break;
            case OrderConfirmed confirmed:
                order.Status = "confirmed";
                order.Seats = confirmed.Seats;
                order.FirstTicketNumber = confirmed.FirstTicketNumber;
                break;
            case OrderReleased released:
                order.Status = "released";
                order.Reason = released.Reason;
                break;
            case OrderExpired:
                order.Status = "expired";
                break;
            default:
                order.Status = "cancelled";
                break;
        }
    }

    private static OrderState ParseStatus(string status) => status switch
    {
        "held" => OrderState.Held,
        "confirmed" => OrderState.Confirmed,
        "rejected" => OrderState.Rejected,
        "released" => OrderState.Released,
        "expired" => OrderState.Expired,
        "cancelled" => OrderState.Cancelled,
        _ => throw new InvalidOperationException($"Unknown order status '{status}' in projections.orders."),
    };

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, long? value, NpgsqlDbType type, CancellationToken cancellationToken)
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

    private sealed class StagedOrder
    {
        public required Guid OrderId { get; init; }

        public required long SessionId { get; init; }

        public long? BuyerId { get; set; }

        public string Status { get; set; } = "";

        public int[]? Seats { get; set; }

        public long? Amount { get; set; }

        public long? DeadlineMs { get; set; }

        public long? FirstTicketNumber { get; set; }

        public string? Reason { get; set; }

        public int Partition { get; set; }

        public long Sequence { get; set; }
    }
}
