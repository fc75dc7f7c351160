using Microsoft.Extensions.Logging;
using Npgsql;
using TicketBooking.Storage;

namespace TicketBooking.Projections.Statistics;

/// <summary>
/// The writes of the statistics (schema <c>statistics</c>), all through the one connection that holds the statistics
/// projector's advisory lock, so a writer that lost its session (and with it the lock) cannot write any more. The
/// figures are sums, so a batch must be applied exactly once: each transaction moves the checkpoints with the figures.
/// </summary>
public static class StatisticsWriter
{
    private const string CheckpointTable = "statistics.checkpoints";

    /// <summary>
    /// The checkpoints of the journal identified by <paramref name="journalEpoch"/>. Rows of another epoch (the stream
    /// was deleted and recreated, so its sequences started again) are dropped together with every figure: the
    /// statistics are the fold of the journal that exists.
    /// </summary>
    public static async Task<Dictionary<int, ulong>> LoadCheckpointsAsync(NpgsqlConnection connection, long journalEpoch, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var (checkpoints, stale) = await JournalCheckpoints.ReadAsync(connection, CheckpointTable, journalEpoch, cancellationToken).ConfigureAwait(false);
        if (!stale)
        {
            return checkpoints;
        }

        logger.LogWarning("TB_DECISIONS was recreated since the statistics were written; folding it again from the start");
        await using var reset = new NpgsqlCommand(
            $"TRUNCATE {CheckpointTable}, statistics.sessions, statistics.sales_per_minute, statistics.orders",
            connection);
        await reset.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return [];
    }

    /// <summary>
    /// Folds <paramref name="batches"/> (in stream order, none at or below its partition's checkpoint) and writes the
    /// result in one transaction together with the new checkpoints: a crash leaves both as before or both as after.
    /// Returns the number of sessions whose figures moved.
    /// </summary>
    public static async Task<int> ApplyAsync(NpgsqlConnection connection, IReadOnlyList<TimestampedBatch> batches, long journalEpoch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var known = await LoadOrdersAsync(connection, transaction, StatisticsFold.OrdersToLoad(batches.SelectMany(batch => batch.Batch.Decisions)), cancellationToken).ConfigureAwait(false);
        var fold = new StatisticsFold(known);
        var checkpoints = new Dictionary<int, ulong>();
        foreach (var (streamSequence, journaledAt, batch) in batches)
        {
            checkpoints[batch.Partition] = streamSequence;
            foreach (var decision in batch.Decisions)
            {
                fold.Apply(decision, journaledAt);
            }
        }

        await using var commands = new NpgsqlBatch(connection, transaction);
        AddOrders(commands, [.. fold.ChangedOrders]);
        AddSessions(commands, fold.Sessions);
        AddMinutes(commands, fold.Minutes);
        commands.BatchCommands.Add(JournalCheckpoints.Upsert(CheckpointTable, checkpoints, journalEpoch));
        await commands.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return fold.Sessions.Count;
    }

    private static async Task<Dictionary<Guid, TrackedOrder>> LoadOrdersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlySet<Guid> orderIds, CancellationToken cancellationToken)
    {
        var orders = new Dictionary<Guid, TrackedOrder>();
        if (orderIds.Count == 0)
        {
            return orders;
        }

        await using var select = new NpgsqlCommand(
            "SELECT order_id, session_id, seats, amount, promo_discount, points_spent, state FROM statistics.orders WHERE order_id = ANY($1)",
            connection,
            transaction);
        select.Parameters.AddWithValue(orderIds.ToArray());
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var order = new TrackedOrder(
                reader.GetGuid(0),
                reader.GetInt64(1),
                reader.GetInt32(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.GetInt64(5),
                Enum.Parse<TrackedOrderState>(reader.GetString(6), ignoreCase: true));
            orders.Add(order.OrderId, order);
        }

        return orders;
    }

    private static void AddOrders(NpgsqlBatch commands, IReadOnlyList<TrackedOrder> orders)
    {
        if (orders.Count == 0)
        {
            return;
        }

        var upsert = new NpgsqlBatchCommand(
            """
            INSERT INTO statistics.orders (order_id, session_id, seats, amount, promo_discount, points_spent, state)
            SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::int[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[])
            ON CONFLICT (order_id) DO UPDATE SET state = excluded.state
            """);
        upsert.Parameters.AddWithValue(orders.Select(order => order.OrderId).ToArray());
        upsert.Parameters.AddWithValue(orders.Select(order => order.SessionId).ToArray());
        upsert.Parameters.AddWithValue(orders.Select(order => order.Seats).ToArray());
        upsert.Parameters.AddWithValue(orders.Select(order => order.Amount).ToArray());
        upsert.Parameters.AddWithValue(orders.Select(order => order.PromoDiscount).ToArray());
        upsert.Parameters.AddWithValue(orders.Select(order => order.PointsSpent).ToArray());
        upsert.Parameters.AddWithValue(orders.Select(order => order.State.ToString().ToLowerInvariant()).ToArray());
        commands.BatchCommands.Add(upsert);
    }

    private static void AddSessions(NpgsqlBatch commands, IReadOnlyDictionary<long, SessionTally> sessions)
    {
        if (sessions.Count == 0)
        {
            return;
        }

        var tallies = sessions.ToArray();
        var add = new NpgsqlBatchCommand(
            """
            INSERT INTO statistics.sessions AS s
                (session_id, tickets_sold, tickets_returned, gross, promo_discounts, points_spent, refunds, late_payment_refunds)
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[])
            ON CONFLICT (session_id) DO UPDATE SET
                tickets_sold = s.tickets_sold + excluded.tickets_sold,
                tickets_returned = s.tickets_returned + excluded.tickets_returned,
                gross = s.gross + excluded.gross,
                promo_discounts = s.promo_discounts + excluded.promo_discounts,
                points_spent = s.points_spent + excluded.points_spent,
                refunds = s.refunds + excluded.refunds,
                late_payment_refunds = s.late_payment_refunds + excluded.late_payment_refunds,
                updated_at = now()
            """);
        add.Parameters.AddWithValue(tallies.Select(pair => pair.Key).ToArray());
        add.Parameters.AddWithValue(tallies.Select(pair => pair.Value.TicketsSold).ToArray());
        add.Parameters.AddWithValue(tallies.Select(pair => pair.Value.TicketsReturned).ToArray());
        add.Parameters.AddWithValue(tallies.Select(pair => pair.Value.Gross).ToArray());
        add.Parameters.AddWithValue(tallies.Select(pair => pair.Value.PromoDiscounts).ToArray());
        add.Parameters.AddWithValue(tallies.Select(pair => pair.Value.PointsSpent).ToArray());
        add.Parameters.AddWithValue(tallies.Select(pair => pair.Value.Refunds).ToArray());
        add.Parameters.AddWithValue(tallies.Select(pair => pair.Value.LatePaymentRefunds).ToArray());
        commands.BatchCommands.Add(add);

        var opened = tallies.Where(pair => pair.Value.Capacity is not null).ToArray();
        if (opened.Length > 0)
        {
            var capacity = new NpgsqlBatchCommand(
                """
                UPDATE statistics.sessions AS s SET capacity = c.capacity
                FROM unnest($1::bigint[], $2::int[]) AS c (session_id, capacity)
                WHERE s.session_id = c.session_id
                """);
            capacity.Parameters.AddWithValue(opened.Select(pair => pair.Key).ToArray());
            capacity.Parameters.AddWithValue(opened.Select(pair => pair.Value.Capacity!.Value).ToArray());
            commands.BatchCommands.Add(capacity);
        }
    }

    private static void AddMinutes(NpgsqlBatch commands, IReadOnlyDictionary<(long SessionId, DateTime Minute), MinuteTally> minutes)
    {
        if (minutes.Count == 0)
        {
            return;
        }

        var tallies = minutes.ToArray();
        var add = new NpgsqlBatchCommand(
            """
            INSERT INTO statistics.sales_per_minute AS m (session_id, minute, tickets, amount)
            SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::bigint[], $4::bigint[])
            ON CONFLICT (session_id, minute) DO UPDATE SET tickets = m.tickets + excluded.tickets, amount = m.amount + excluded.amount
            """);
        add.Parameters.AddWithValue(tallies.Select(pair => pair.Key.SessionId).ToArray());
        add.Parameters.AddWithValue(tallies.Select(pair => pair.Key.Minute).ToArray());
        add.Parameters.AddWithValue(tallies.Select(pair => pair.Value.Tickets).ToArray());
        add.Parameters.AddWithValue(tallies.Select(pair => pair.Value.Amount).ToArray());
        commands.BatchCommands.Add(add);
    }
}
