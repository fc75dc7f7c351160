using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using TicketBooking.Engine.Journal;
using TicketBooking.Storage;

namespace TicketBooking.Notifications;

/// <summary>
/// The writes of the notification projector, all through the one connection that holds its advisory lock: owners,
/// notifications (<c>ON CONFLICT DO NOTHING</c> on their derived ids), the webhook outbox rows for the notifications
/// new in this transaction, the checkpoints, and a <c>pg_notify</c> that PostgreSQL delivers at commit.
/// </summary>
public static class NotificationWriter
{
    private const string CheckpointTable = "notifications.checkpoints";

    private const string Columns =
        "ordinal, id, buyer_id, order_id, session_id, kind, seats, first_ticket_number, amount, reason, decision_partition, decision_sequence";

    /// <summary>
    /// The checkpoints of the journal <paramref name="journalEpoch"/>. A recreated TB_DECISIONS (another epoch) starts
    /// its sequences again: the checkpoints go, but the notifications stay, since their ids make a replay insert nothing
    /// again and their buyers have seen them (and webhooks have been sent).
    /// </summary>
    public static async Task<Dictionary<int, ulong>> LoadCheckpointsAsync(NpgsqlConnection connection, long journalEpoch, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var (checkpoints, stale) = await JournalCheckpoints.ReadAsync(connection, CheckpointTable, journalEpoch, cancellationToken).ConfigureAwait(false);
        if (!stale)
        {
            return checkpoints;
        }

        logger.LogWarning("TB_DECISIONS was recreated since notifications were written; following it from the start");
        await using var reset = new NpgsqlCommand($"DELETE FROM {CheckpointTable}", connection);
        await reset.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return [];
    }

    /// <summary>Creates the session's staging table that <see cref="ApplyAsync"/> copies into (emptied at every commit).</summary>
    public static async Task PrepareAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var create = new NpgsqlCommand(
            """
            CREATE TEMP TABLE IF NOT EXISTS notification_staging (
                ordinal int, id uuid, buyer_id bigint, order_id uuid, session_id bigint, kind text, seats int[],
                first_ticket_number bigint, amount bigint, reason text, decision_partition int, decision_sequence bigint
            ) ON COMMIT DELETE ROWS
            """,
            connection);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies <paramref name="batches"/> (in stream order, none at or below its partition's checkpoint) in one
    /// transaction with the new checkpoints. Returns the notifications new in it and the outcomes without a known buyer.
    /// </summary>
    public static async Task<(int Stored, int Unresolved)> ApplyAsync(
        NpgsqlConnection connection,
        IReadOnlyList<(ulong StreamSequence, JournalBatch Batch)> batches,
        long journalEpoch,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var staged = new StagedNotifications();
        var checkpoints = new Dictionary<int, ulong>();
        foreach (var (streamSequence, batch) in batches)
        {
            checkpoints[batch.Partition] = streamSequence;
            foreach (var decision in batch.Decisions)
            {
                staged.Add(batch.Partition, decision);
            }
        }

        var stored = await LoadOwnersAsync(connection, staged.MissingOwners(), cancellationToken).ConfigureAwait(false);
        var notifications = staged.Resolve(stored, out var unresolved);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var inserted = 0;
        if (notifications.Count > 0)
        {
            await CopyAsync(connection, notifications, cancellationToken).ConfigureAwait(false);
        }

        await using (var commands = new NpgsqlBatch(connection, transaction))
        {
            if (staged.Owners.Count > 0)
            {
                var owners = new NpgsqlBatchCommand(
                    """
                    INSERT INTO notifications.order_buyers (order_id, session_id, buyer_id, amount)
                    SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::bigint[])
                    ON CONFLICT (order_id) DO NOTHING
                    """);
                owners.Parameters.AddWithValue(staged.Owners.Select(owner => owner.OrderId).ToArray());
                owners.Parameters.AddWithValue(staged.Owners.Select(owner => owner.SessionId).ToArray());
                owners.Parameters.AddWithValue(staged.Owners.Select(owner => owner.BuyerId).ToArray());
                owners.Parameters.AddWithValue(staged.Owners.Select(owner => owner.Amount).ToArray());
                commands.BatchCommands.Add(owners);
            }

            if (notifications.Count > 0)
            {
                // The outbox rows only for notifications this transaction inserted: a replay sends nothing twice. An
                // organizer's subscription covers the sessions of its events (or, without an event, its sessions).
                commands.BatchCommands.Add(new NpgsqlBatchCommand(
                    $"""
                    WITH inserted AS (
                        INSERT INTO notifications.notifications (id, buyer_id, order_id, session_id, kind, seats, first_ticket_number, amount, reason, decision_partition, decision_sequence)
                        SELECT id, buyer_id, order_id, session_id, kind, seats, first_ticket_number, amount, reason, decision_partition, decision_sequence
                        FROM notification_staging ORDER BY ordinal
                        ON CONFLICT (id) DO NOTHING
                        RETURNING id, session_id
                    ), outbox AS (
                        INSERT INTO notifications.webhook_deliveries (subscription_id, notification_id)
                        SELECT w.id, i.id
                        FROM inserted i
                        LEFT JOIN catalog.sessions s ON s.id = i.session_id
                        LEFT JOIN catalog.events e ON e.id = s.event_id
                        JOIN notifications.webhook_subscriptions w ON w.all_events OR w.owner_id = COALESCE(e.owner_id, s.owner_id)
                        ON CONFLICT DO NOTHING
                    )
                    SELECT count(*) FROM inserted
                    """));
                commands.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{NotificationMigrations.Channel}', '')"));
            }

            commands.BatchCommands.Add(JournalCheckpoints.Upsert(CheckpointTable, checkpoints, journalEpoch));

            await using var reader = await commands.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            do
            {
                if (reader.FieldCount == 1 && reader.GetName(0) == "count" && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    inserted = (int)reader.GetInt64(0);
                }
            }
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (inserted, unresolved);
    }

    private static async Task<Dictionary<Guid, OrderOwner>> LoadOwnersAsync(NpgsqlConnection connection, IReadOnlyList<Guid> orders, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<Guid, OrderOwner>();
        if (orders.Count == 0)
        {
            return owners;
        }

        await using var select = new NpgsqlCommand("SELECT order_id, session_id, buyer_id, amount FROM notifications.order_buyers WHERE order_id = ANY($1)", connection);
        select.Parameters.AddWithValue(orders.ToArray());
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var owner = new OrderOwner(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3));
            owners[owner.OrderId] = owner;
        }

        return owners;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<Notification> notifications, CancellationToken cancellationToken)
    {
        var importer = await connection.BeginBinaryImportAsync($"COPY notification_staging ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            for (var i = 0; i < notifications.Count; i++)
            {
                var notification = notifications[i];
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(notification.Id, NpgsqlDbType.Uuid, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(notification.BuyerId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(notification.OrderId, NpgsqlDbType.Uuid, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(notification.SessionId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(NotificationKinds.Name(notification.Kind), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, notification.Seats, NpgsqlDbType.Array | NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, notification.FirstTicketNumber, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, notification.Amount, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, notification.Reason, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(notification.DecisionPartition, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(notification.DecisionSequence, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter importer, object? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await importer.WriteAsync(value, type, cancellationToken).ConfigureAwait(false);
        }
    }
}
