using Npgsql;

namespace TicketBooking.Notifications;

/// <summary>
/// The delivery worker's side of <c>notifications.webhook_deliveries</c>: claim due rows (<c>FOR UPDATE SKIP
/// LOCKED</c>, so several workers never send the same row at once), then record each attempt's result in the same
/// transaction. A worker that dies before committing leaves the rows pending: they are sent again, with the same id.
/// </summary>
public static class WebhookOutbox
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    /// <summary>A claimed delivery: where to, with which secret, what.</summary>
    public sealed record Due(Guid SubscriptionId, string Url, string Secret, int Attempts, Notification Notification);

    public static async Task<IReadOnlyList<Due>> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT d.subscription_id, w.url, w.secret, d.attempts, {NotificationReader.ColumnsOf("n")}
            FROM notifications.webhook_deliveries d
            JOIN notifications.webhook_subscriptions w ON w.id = d.subscription_id
            JOIN notifications.notifications n ON n.id = d.notification_id
            WHERE d.status = '{Pending}' AND d.next_attempt_at <= now()
            ORDER BY d.next_attempt_at
            LIMIT $1
            FOR UPDATE OF d SKIP LOCKED
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue(limit);
        var due = new List<Due>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            due.Add(new Due(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), NotificationReader.Read(reader, 4)));
        }

        return due;
    }

    /// <summary>Records one attempt: delivered, failed for good, or pending again after <paramref name="retryAfter"/>.</summary>
    public static NpgsqlBatchCommand Record(Due due, int? statusCode, string? error, TimeSpan? retryAfter, bool delivered)
    {
        ArgumentNullException.ThrowIfNull(due);
        var status = delivered ? Delivered : retryAfter is null ? Failed : Pending;
        var command = new NpgsqlBatchCommand(
            """
            UPDATE notifications.webhook_deliveries SET
                status = $3, attempts = attempts + 1, last_status_code = $4, last_error = $5,
                next_attempt_at = now() + $6, delivered_at = CASE WHEN $3 = 'delivered' THEN now() END
            WHERE subscription_id = $1 AND notification_id = $2
            """);
        command.Parameters.AddWithValue(due.SubscriptionId);
        command.Parameters.AddWithValue(due.Notification.Id);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Integer, (object?)statusCode ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)error ?? DBNull.Value);
        command.Parameters.AddWithValue(retryAfter ?? TimeSpan.Zero);
        return command;
    }
}
