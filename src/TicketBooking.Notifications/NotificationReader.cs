using Npgsql;

namespace TicketBooking.Notifications;

/// <summary>Reads of stored notifications: a buyer's newest first (keyset paged by position), and all of them after a position.</summary>
public sealed class NotificationReader(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, buyer_id, order_id, session_id, kind, seats, first_ticket_number, amount, reason, decision_partition, decision_sequence, position, created_at";

    /// <summary>The buyer's notifications older than <paramref name="before"/> (a position; null: the newest), newest first.</summary>
    public async Task<IReadOnlyList<Notification>> PageAsync(long buyerId, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM notifications.notifications WHERE buyer_id = $1 AND position < $2 ORDER BY position DESC LIMIT $3");
        command.Parameters.AddWithValue(buyerId);
        command.Parameters.AddWithValue(before ?? long.MaxValue);
        command.Parameters.AddWithValue(limit);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The buyer's notifications after <paramref name="after"/>, oldest first: what a reconnecting stream missed.</summary>
    public async Task<IReadOnlyList<Notification>> OwnAfterAsync(long buyerId, long after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM notifications.notifications WHERE buyer_id = $1 AND position > $2 ORDER BY position LIMIT $3");
        command.Parameters.AddWithValue(buyerId);
        command.Parameters.AddWithValue(after);
        command.Parameters.AddWithValue(limit);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Everyone's notifications after <paramref name="after"/>, oldest first: what an ingress fans out to its streams.</summary>
    public async Task<IReadOnlyList<Notification>> AllAfterAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM notifications.notifications WHERE position > $1 ORDER BY position LIMIT $2");
        command.Parameters.AddWithValue(after);
        command.Parameters.AddWithValue(limit);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest position stored, 0 when there is none.</summary>
    public async Task<long> LatestPositionAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT COALESCE(max(position), 0) FROM notifications.notifications");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Reads rows selected with the reader's column list, in that order.</summary>
    internal static Notification Read(NpgsqlDataReader reader, int first = 0) =>
        new(
            reader.GetGuid(first),
            reader.GetInt64(first + 1),
            reader.GetGuid(first + 2),
            reader.GetInt64(first + 3),
            NotificationKinds.Parse(reader.GetString(first + 4)),
            reader.IsDBNull(first + 5) ? null : reader.GetFieldValue<int[]>(first + 5),
            reader.IsDBNull(first + 6) ? null : reader.GetInt64(first + 6),
            reader.IsDBNull(first + 7) ? null : reader.GetInt64(first + 7),
            reader.IsDBNull(first + 8) ? null : reader.GetString(first + 8),
            reader.GetInt32(first + 9),
            reader.GetInt64(first + 10))
        {
            Position = reader.GetInt64(first + 11),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(first + 12),
        };

    /// <summary>The column list <see cref="Read"/> expects, prefixed by a table alias.</summary>
    internal static string ColumnsOf(string alias) => string.Join(", ", Columns.Split(", ").Select(column => $"{alias}.{column}"));

    private static async Task<IReadOnlyList<Notification>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var notifications = new List<Notification>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            notifications.Add(Read(reader));
        }

        return notifications;
    }
}
