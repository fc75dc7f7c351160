using Npgsql;
using NpgsqlTypes;

namespace TicketBooking.Ingress.Catalog;

/// <summary><c>catalog.halls</c>: each hall's layout (see <see cref="StoredLayout"/>), venue and owner.</summary>
public sealed class HallStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Creates the hall owned by <paramref name="ownerId"/>, or replaces it when <paramref name="ownerId"/> owns it
    /// or <paramref name="asAdmin"/>; false (nothing changes) when it belongs to someone else.
    /// </summary>
    public async Task<bool> PutAsync(long hallId, string name, long? venueId, HallLayout layout, long ownerId, bool asAdmin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO catalog.halls (id, name, venue_id, layout, seat_count, owner_id) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, venue_id = excluded.venue_id, layout = excluded.layout,
                seat_count = excluded.seat_count, updated_at = now()
            WHERE catalog.halls.owner_id = $6 OR $7
            """);
        command.Parameters.AddWithValue(hallId);
        command.Parameters.AddWithValue(name);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)venueId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = StoredLayout.Write(layout), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(layout.SeatCount);
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(asAdmin);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<StoredHall?> FindAsync(long hallId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, venue_id, layout::text, owner_id FROM catalog.halls WHERE id = $1");
        command.Parameters.AddWithValue(hallId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new StoredHall(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetInt64(2),
            StoredLayout.Read(reader.GetString(3)),
            reader.IsDBNull(4) ? null : reader.GetInt64(4));
    }

    /// <summary>Halls by id after <paramref name="afterId"/> (of one venue when <paramref name="venueId"/> is given), at most <paramref name="count"/>.</summary>
    public async Task<List<HallSummary>> ListAsync(long? venueId, long afterId, int count, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, name, venue_id, seat_count FROM catalog.halls WHERE id > $1 AND ($2::bigint IS NULL OR venue_id = $2) ORDER BY id LIMIT $3");
        command.Parameters.AddWithValue(afterId);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)venueId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.AddWithValue(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var halls = new List<HallSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            halls.Add(new HallSummary(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetInt32(3)));
        }

        return halls;
    }
}
