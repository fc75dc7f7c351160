using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace TicketBooking.Ingress.Catalog;

/// <summary><c>catalog.events</c> and their artists in billing order (<c>catalog.event_artists</c>), each event owned by the organizer that created it.</summary>
public sealed class EventStore(NpgsqlDataSource dataSource)
{
    /// <summary>The event's columns and its artists as JSON, for <see cref="ReadAsync"/>.</summary>
    public const string Columns =
        """
        e.id, e.title, e.kind, e.duration_minutes, e.age_rating,
        coalesce((SELECT json_agg(json_build_object('id', a.id, 'name', a.name) ORDER BY ea.position)
                  FROM catalog.event_artists ea JOIN catalog.artists a ON a.id = ea.artist_id WHERE ea.event_id = e.id), '[]')::text
        """;

    /// <summary>
    /// Creates the event owned by <paramref name="ownerId"/> with its artists (<paramref name="artistIds"/> in billing order), or replaces both when the caller may;
    /// false (nothing changes) when it may not. One transaction, so readers never see an event without its artists.
    /// </summary>
    public async Task<bool> PutAsync(EventSummary saved, long[] artistIds, long ownerId, bool asAdmin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(artistIds);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var upsert = new NpgsqlCommand(
            """
            INSERT INTO catalog.events (id, title, kind, duration_minutes, age_rating, owner_id) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, kind = excluded.kind, duration_minutes = excluded.duration_minutes,
                age_rating = excluded.age_rating, updated_at = now()
            WHERE catalog.events.owner_id = $6 OR $7
            """,
            connection,
            transaction))
        {
            upsert.Parameters.AddWithValue(saved.Id);
            upsert.Parameters.AddWithValue(saved.Title);
            upsert.Parameters.AddWithValue(saved.Kind);
            upsert.Parameters.AddWithValue(saved.DurationMinutes);
            upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)saved.AgeRating ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            upsert.Parameters.AddWithValue(ownerId);
            upsert.Parameters.AddWithValue(asAdmin);
            if (await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        await using (var artists = new NpgsqlBatch(connection, transaction))
        {
            var clear = new NpgsqlBatchCommand("DELETE FROM catalog.event_artists WHERE event_id = $1");
            clear.Parameters.AddWithValue(saved.Id);
            var bill = new NpgsqlBatchCommand(
                """
                INSERT INTO catalog.event_artists (event_id, artist_id, position)
                SELECT $1, artist_id, position FROM unnest($2::bigint[]) WITH ORDINALITY AS billed (artist_id, position)
                """);
            bill.Parameters.AddWithValue(saved.Id);
            bill.Parameters.AddWithValue(artistIds);
            artists.BatchCommands.Add(clear);
            artists.BatchCommands.Add(bill);
            await artists.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<EventView?> FindAsync(long eventId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM catalog.events e WHERE e.id = $1");
        command.Parameters.AddWithValue(eventId);
        var found = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Events by id after <paramref name="afterId"/>, of an artist and of a kind when given, at most <paramref name="count"/>.</summary>
    public async Task<List<EventView>> ListAsync(long? artistId, string? kind, long afterId, int count, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {Columns} FROM catalog.events e
            WHERE e.id > $1
              AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM catalog.event_artists x WHERE x.event_id = e.id AND x.artist_id = $2))
              AND ($3::text IS NULL OR e.kind = $3)
            ORDER BY e.id LIMIT $4
            """);
        command.Parameters.AddWithValue(afterId);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)artistId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)kind ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.AddWithValue(count);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The events that name <paramref name="artistId"/>, by id.</summary>
    public async Task<List<EventSummary>> OfArtistAsync(long artistId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT e.id, e.title, e.kind, e.duration_minutes, e.age_rating
            FROM catalog.event_artists ea JOIN catalog.events e ON e.id = ea.event_id
            WHERE ea.artist_id = $1 ORDER BY e.id
            """);
        command.Parameters.AddWithValue(artistId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<EventSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new EventSummary(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return events;
    }

    /// <summary>Reads an event from <paramref name="reader"/>'s columns from <paramref name="first"/> on, as <see cref="Columns"/> lists them.</summary>
    public static EventView Read(NpgsqlDataReader reader, int first)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new EventView(
            reader.GetInt64(first),
            reader.GetString(first + 1),
            reader.GetString(first + 2),
            reader.GetInt32(first + 3),
            reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4),
            JsonSerializer.Deserialize<List<Artist>>(reader.GetString(first + 5), JsonSerializerOptions.Web) ?? []);
    }

    private static async Task<List<EventView>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<EventView>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(Read(reader, 0));
        }

        return events;
    }
}
