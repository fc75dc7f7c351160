using Npgsql;

namespace TicketBooking.Notifications;

/// <summary>
/// Subscriptions as their owners manage them (the ingress): create, list, delete, and the recent deliveries of one.
/// Every statement names the owner, so nobody reaches another's subscription.
/// </summary>
public sealed class WebhookSubscriptions(NpgsqlDataSource dataSource)
{
    /// <summary>Stores a new subscription with a fresh secret, unless the owner has <paramref name="maxPerOwner"/> already (then null).</summary>
    public async Task<(WebhookSubscription Subscription, string Secret)?> CreateAsync(long ownerId, bool allEvents, Uri url, int maxPerOwner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var secret = WebhookSignature.NewSecret();
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO notifications.webhook_subscriptions (id, owner_id, all_events, url, secret)
            SELECT $1, $2, $3, $4, $5
            WHERE (SELECT count(*) FROM notifications.webhook_subscriptions WHERE owner_id = $2) < $6
            RETURNING created_at
            """);
        var id = Guid.CreateVersion7();
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(allEvents);
        command.Parameters.AddWithValue(url.AbsoluteUri);
        command.Parameters.AddWithValue(secret);
        command.Parameters.AddWithValue((long)maxPerOwner);
        var created = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return created is DateTime at
            ? (new WebhookSubscription(id, ownerId, allEvents, url.AbsoluteUri, new DateTimeOffset(at, TimeSpan.Zero)), secret)
            : null;
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(long ownerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, owner_id, all_events, url, created_at FROM notifications.webhook_subscriptions WHERE owner_id = $1 ORDER BY created_at, id");
        command.Parameters.AddWithValue(ownerId);
        var subscriptions = new List<WebhookSubscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            subscriptions.Add(new WebhookSubscription(reader.GetGuid(0), reader.GetInt64(1), reader.GetBoolean(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return subscriptions;
    }

    /// <summary>Deletes the owner's subscription (and its deliveries); false when the owner has none with that id.</summary>
    public async Task<bool> DeleteAsync(long ownerId, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM notifications.webhook_subscriptions WHERE id = $1 AND owner_id = $2");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(ownerId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>The newest deliveries of the owner's subscription, or null when the owner has none with that id.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>?> DeliveriesAsync(long ownerId, Guid id, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM notifications.webhook_subscriptions WHERE id = $1 AND owner_id = $2", connection))
        {
            exists.Parameters.AddWithValue(id);
            exists.Parameters.AddWithValue(ownerId);
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                return null;
            }
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT d.notification_id, n.kind, n.order_id, d.status, d.attempts, d.next_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.created_at
            FROM notifications.webhook_deliveries d JOIN notifications.notifications n ON n.id = d.notification_id
            WHERE d.subscription_id = $1 ORDER BY d.created_at DESC, n.position DESC LIMIT $2
            """,
            connection);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(limit);
        var deliveries = new List<WebhookDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var status = reader.GetString(3);
            deliveries.Add(new WebhookDelivery(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetGuid(2),
                status,
                reader.GetInt32(4),
                status == WebhookOutbox.Pending ? reader.GetFieldValue<DateTimeOffset>(5) : null,
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return deliveries;
    }
}
