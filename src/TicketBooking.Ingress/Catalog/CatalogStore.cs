using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace TicketBooking.Ingress.Catalog;

/// <summary>The catalog's tables in PostgreSQL (schema <c>catalog</c>).</summary>
public sealed class CatalogStore(NpgsqlDataSource dataSource)
{
    private const string SessionColumns =
        "s.id, s.hall_id, h.name, s.title, s.starts_at, s.category_prices, s.currency, s.hold_timeout_ms, s.max_seats_per_buyer, s.layout, s.on_sale";

    /// <summary>
    /// Creates the hall owned by <paramref name="ownerId"/>, or replaces it when <paramref name="ownerId"/> owns it
    /// or <paramref name="asAdmin"/>; false (nothing changes) when it belongs to someone else.
    /// </summary>
    public async Task<bool> PutHallAsync(long hallId, HallRequest hall, long ownerId, bool asAdmin, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO catalog.halls (id, name, layout, seat_count, owner_id) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, layout = excluded.layout,
                seat_count = excluded.seat_count, updated_at = now()
            WHERE catalog.halls.owner_id = $5 OR $6
            """);
        command.Parameters.AddWithValue(hallId);
        command.Parameters.AddWithValue(hall.Name);
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(hall.Rows, JsonSerializerOptions.Web), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(hall.Rows.Sum(row => row.Categories.Length));
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(asAdmin);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>The hall's name, rows and owner, or null when there is no such hall.</summary>
    public async Task<(string Name, IReadOnlyList<HallRow> Rows, long? OwnerId)?> FindHallAsync(long hallId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT name, layout::text, owner_id FROM catalog.halls WHERE id = $1");
        command.Parameters.AddWithValue(hallId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return (reader.GetString(0), ReadRows(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetInt64(2));
    }

    /// <summary>Stores a session not yet on sale, owned by <paramref name="ownerId"/>; returns false when the id is taken (nothing changes then).</summary>
    public async Task<bool> TryInsertSessionAsync(CatalogSession session, long ownerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO catalog.sessions (id, hall_id, title, starts_at, category_prices, currency, hold_timeout_ms, max_seats_per_buyer, layout, owner_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
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
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(session.Rows, JsonSerializerOptions.Web), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(ownerId);
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
        await using var command = dataSource.CreateCommand($"SELECT {SessionColumns} FROM catalog.sessions s JOIN catalog.halls h ON h.id = s.hall_id WHERE s.id = $1");
        command.Parameters.AddWithValue(sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadSession(reader) : null;
    }

    /// <summary>Every session on sale whose show has not started.</summary>
    public async Task<List<CatalogSession>> OnSaleSessionsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {SessionColumns} FROM catalog.sessions s JOIN catalog.halls h ON h.id = s.hall_id WHERE s.on_sale AND s.starts_at > now() ORDER BY s.starts_at, s.id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var sessions = new List<CatalogSession>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sessions.Add(ReadSession(reader));
        }

        return sessions;
    }

    private static CatalogSession ReadSession(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetInt64(1),
        reader.GetString(2),
        reader.GetString(3),
        new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
        reader.GetFieldValue<long[]>(5),
        reader.GetString(6).Trim(),
        reader.GetInt64(7),
        reader.GetInt32(8),
        ReadRows(reader.GetString(9)),
        reader.GetBoolean(10));

    private static List<HallRow> ReadRows(string json) =>
        JsonSerializer.Deserialize<List<HallRow>>(json, JsonSerializerOptions.Web) ?? [];
}
