using Npgsql;
using NpgsqlTypes;

namespace TicketBooking.Ingress.Catalog;

/// <summary>The catalog's sessions in PostgreSQL (<c>catalog.sessions</c>), read with their hall, venue, city and event.</summary>
public sealed class CatalogStore(NpgsqlDataSource dataSource)
{
    private const string Joins =
        """
        FROM catalog.sessions s JOIN catalog.halls h ON h.id = s.hall_id
        LEFT JOIN catalog.venues v ON v.id = h.venue_id
        LEFT JOIN catalog.cities c ON c.id = v.city_id
        LEFT JOIN catalog.events e ON e.id = s.event_id
        """;


    private const int VenueColumn = 11;
    private const int EventColumn = 16;

    /// <summary>A session's columns, its layout read as <paramref name="layout"/> (null for a layout the reader already has).</summary>
    private static string Columns(string layout) =>
        "s.id, s.hall_id, h.name, s.title, s.starts_at, s.category_prices, s.currency, s.hold_timeout_ms, s.max_seats_per_buyer, " + layout + ", s.on_sale, " +
        "v.id, v.name, v.kind, c.id, c.name, " + EventStore.Columns + ", s.max_hold_extensions";

    /// <summary>Stores a session not yet on sale, owned by <paramref name="ownerId"/>; returns false when the id is taken (nothing changes then).</summary>
    public async Task<bool> TryInsertSessionAsync(CatalogSession session, long? eventId, long ownerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO catalog.sessions (id, hall_id, title, starts_at, category_prices, currency, hold_timeout_ms, max_seats_per_buyer, layout, owner_id, event_id, max_hold_extensions)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (id) DO NOTHING
            """);
        command.Parameters.AddWithValue(session.Id);
        command.Parameters.AddWithValue(session.HallId);
        command.Parameters.AddWithValue(session.Title);
        command.Parameters.AddWithValue(session.StartsAt.UtcDateTime);
        command.Parameters.AddWithValue(session.Prices);
        command.Parameters.AddWithValue(session.Currency);
        command.Parameters.AddWithValue(session.HoldTimeoutMs);
        command.Parameters.AddWithValue(session.MaxSeatsPerBuyer);
        command.Parameters.Add(new NpgsqlParameter { Value = StoredLayout.Write(session.Layout), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)eventId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.AddWithValue(session.MaxHoldExtensions);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task MarkOnSaleAsync(long sessionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE catalog.sessions SET on_sale = true WHERE id = $1");
        command.Parameters.AddWithValue(sessionId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Who owns the session, and whether there is one: null when there is none.</summary>
    public async Task<(bool Exists, long? OwnerId)> FindSessionOwnerAsync(long sessionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT owner_id FROM catalog.sessions WHERE id = $1");
        command.Parameters.AddWithValue(sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (true, reader.IsDBNull(0) ? null : reader.GetInt64(0)) : (false, null);
    }

    public async Task<CatalogSession?> FindSessionAsync(long sessionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns("s.layout::text")} {Joins} WHERE s.id = $1");
        command.Parameters.AddWithValue(sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadSession(reader, known: null) : null;
    }

    /// <summary>
    /// Every session on sale whose show has not started. A session's layout never changes once stored, so the layouts
    /// of <paramref name="known"/> sessions are not read again: a refresh costs the small columns, not the seat maps.
    /// </summary>
    public async Task<List<CatalogSession>> OnSaleSessionsAsync(IReadOnlyDictionary<long, CatalogSession> known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(known);
        var layout = "CASE WHEN s.id = ANY($1) THEN NULL ELSE s.layout::text END";
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns(layout)} {Joins} WHERE s.on_sale AND s.starts_at > now() ORDER BY s.starts_at, s.id");
        command.Parameters.AddWithValue(known.Keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var sessions = new List<CatalogSession>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sessions.Add(ReadSession(reader, known));
        }

        return sessions;
    }

    private static CatalogSession ReadSession(NpgsqlDataReader reader, IReadOnlyDictionary<long, CatalogSession>? known)
    {
        var id = reader.GetInt64(0);
        var layout = reader.IsDBNull(9) && known is not null && known.TryGetValue(id, out var session) ? session.Layout : StoredLayout.Read(reader.GetString(9));
        return new CatalogSession(
            id,
            reader.GetInt64(1),
            reader.GetString(2),
            reader.GetString(3),
            new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
            reader.GetFieldValue<long[]>(5),
            reader.GetString(6).Trim(),
            reader.GetInt64(7),
            reader.GetInt32(8),
            layout,
            reader.GetBoolean(10),
            reader.IsDBNull(VenueColumn) ? null : new SessionVenue(
                reader.GetInt64(VenueColumn), reader.GetString(VenueColumn + 1), reader.GetString(VenueColumn + 2), reader.GetInt64(VenueColumn + 3), reader.GetString(VenueColumn + 4)),
            reader.IsDBNull(EventColumn) ? null : EventStore.Read(reader, EventColumn),
            reader.GetInt32(reader.FieldCount - 1));
    }
}
