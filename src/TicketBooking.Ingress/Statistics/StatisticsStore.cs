using Npgsql;
using NpgsqlTypes;
using TicketBooking.Projections.Statistics;

namespace TicketBooking.Ingress.Statistics;

/// <summary>
/// The statistics as organizers read them: schema <c>statistics</c> (written by the projections worker) joined with
/// the catalog at query time, so an event, venue, city or artist sums the figures of its sessions. Every read takes
/// the owner whose sessions count (<c>null</c>: everyone's, for admins); a row of another owner reads as absent.
/// </summary>
public sealed class StatisticsStore(NpgsqlDataSource dataSource)
{
    private static readonly string SessionFigures = StatisticsFigures.Aggregate("cs.id");

    public async Task<SessionStatistics?> FindSessionAsync(long sessionId, long? ownerId, CancellationToken cancellationToken)
    {
        // A session the engine opened without the catalog (a load test's) has statistics only an admin sees.
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT k.id, cs.title, cs.starts_at, cs.event_id, {StatisticsFigures.Aggregate("k.id")}
            FROM (SELECT $1::bigint AS id) AS k
            LEFT JOIN catalog.sessions cs ON cs.id = k.id
            LEFT JOIN statistics.sessions st ON st.session_id = k.id
            WHERE (cs.id IS NOT NULL OR st.session_id IS NOT NULL) AND ($2::bigint IS NULL OR cs.owner_id = $2)
            GROUP BY k.id, cs.title, cs.starts_at, cs.event_id
            """);
        command.Parameters.AddWithValue(sessionId);
        command.Parameters.Add(Owner(ownerId));
        return (await ReadSessionsAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    /// <summary>The owner's sessions (of one event when given) by id after <paramref name="afterId"/>.</summary>
    public async Task<List<SessionStatistics>> ListSessionsAsync(long? eventId, long? ownerId, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT cs.id, cs.title, cs.starts_at, cs.event_id, {SessionFigures}
            FROM catalog.sessions cs
            LEFT JOIN statistics.sessions st ON st.session_id = cs.id
            WHERE ($1::bigint IS NULL OR cs.owner_id = $1) AND ($2::bigint IS NULL OR cs.event_id = $2) AND cs.id > $3
            GROUP BY cs.id
            ORDER BY cs.id
            LIMIT $4
            """);
        command.Parameters.Add(Owner(ownerId));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)eventId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.AddWithValue(afterId);
        command.Parameters.AddWithValue(limit);
        return await ReadSessionsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sales per minute of a session (null when the owner has no such session), within [from, to) when given.</summary>
    public async Task<List<MinuteSales>?> SalesPerMinuteAsync(long sessionId, long? ownerId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        if (await FindSessionAsync(sessionId, ownerId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand(
            """
            SELECT minute, tickets, amount FROM statistics.sales_per_minute
            WHERE session_id = $1 AND ($2::timestamptz IS NULL OR minute >= $2) AND ($3::timestamptz IS NULL OR minute < $3)
            ORDER BY minute
            """);
        command.Parameters.AddWithValue(sessionId);
        command.Parameters.Add(Time(from));
        command.Parameters.Add(Time(to));
        var minutes = new List<MinuteSales>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            minutes.Add(new MinuteSales(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return minutes;
    }

    public async Task<EventStatistics?> FindEventAsync(long eventId, long? ownerId, CancellationToken cancellationToken) =>
        (await ListEventsAsync(eventId, ownerId, 0, 1, cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    /// <summary>The owner's events (one when <paramref name="eventId"/> is given) by id after <paramref name="afterId"/>.</summary>
    public async Task<List<EventStatistics>> ListEventsAsync(long? eventId, long? ownerId, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT e.id, e.title, {SessionFigures}
            FROM catalog.events e
            LEFT JOIN catalog.sessions cs ON cs.event_id = e.id
            LEFT JOIN statistics.sessions st ON st.session_id = cs.id
            WHERE ($1::bigint IS NULL OR e.owner_id = $1) AND ($2::bigint IS NULL OR e.id = $2) AND e.id > $3
            GROUP BY e.id
            ORDER BY e.id
            LIMIT $4
            """);
        command.Parameters.Add(Owner(ownerId));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)eventId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.AddWithValue(afterId);
        command.Parameters.AddWithValue(limit);
        var events = new List<EventStatistics>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new EventStatistics(reader.GetInt64(0), reader.GetString(1), StatisticsFigures.Read(reader, 2)));
        }

        return events;
    }

    /// <summary>A venue the owner owns (any, for admins), with the figures of the owner's sessions in its halls.</summary>
    public async Task<VenueStatistics?> FindVenueAsync(long venueId, long? ownerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT v.id, v.name, {SessionFigures}
            FROM catalog.venues v
            LEFT JOIN catalog.halls h ON h.venue_id = v.id
            LEFT JOIN catalog.sessions cs ON cs.hall_id = h.id AND ($2::bigint IS NULL OR cs.owner_id = $2)
            LEFT JOIN statistics.sessions st ON st.session_id = cs.id
            WHERE v.id = $1 AND ($2::bigint IS NULL OR v.owner_id = $2)
            GROUP BY v.id
            """);
        command.Parameters.AddWithValue(venueId);
        command.Parameters.Add(Owner(ownerId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new VenueStatistics(reader.GetInt64(0), reader.GetString(1), StatisticsFigures.Read(reader, 2))
            : null;
    }

    /// <summary>A city (shared reference data, so any organizer reads one), with the figures of the owner's sessions in it.</summary>
    public async Task<CityStatistics?> FindCityAsync(long cityId, long? ownerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT c.id, c.name, {SessionFigures}
            FROM catalog.cities c
            LEFT JOIN catalog.venues v ON v.city_id = c.id
            LEFT JOIN catalog.halls h ON h.venue_id = v.id
            LEFT JOIN catalog.sessions cs ON cs.hall_id = h.id AND ($2::bigint IS NULL OR cs.owner_id = $2)
            LEFT JOIN statistics.sessions st ON st.session_id = cs.id
            WHERE c.id = $1
            GROUP BY c.id
            """);
        command.Parameters.AddWithValue(cityId);
        command.Parameters.Add(Owner(ownerId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new CityStatistics(reader.GetInt64(0), reader.GetString(1), StatisticsFigures.Read(reader, 2))
            : null;
    }

    /// <summary>
    /// Artists billed in the owner's events with a session starting in [from, to) (either end open when null), by id
    /// after <paramref name="afterId"/>: their events and the figures of those sessions.
    /// </summary>
    public async Task<List<ArtistStatistics>> ListArtistsAsync(DateTimeOffset? from, DateTimeOffset? to, long? ownerId, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT a.id, a.name, count(DISTINCT e.id)::int, {SessionFigures}
            FROM catalog.artists a
            JOIN catalog.event_artists ea ON ea.artist_id = a.id
            JOIN catalog.events e ON e.id = ea.event_id
            JOIN catalog.sessions cs ON cs.event_id = e.id
            LEFT JOIN statistics.sessions st ON st.session_id = cs.id
            WHERE ($1::timestamptz IS NULL OR cs.starts_at >= $1) AND ($2::timestamptz IS NULL OR cs.starts_at < $2)
                AND ($3::bigint IS NULL OR cs.owner_id = $3) AND a.id > $4
            GROUP BY a.id
            ORDER BY a.id
            LIMIT $5
            """);
        command.Parameters.Add(Time(from));
        command.Parameters.Add(Time(to));
        command.Parameters.Add(Owner(ownerId));
        command.Parameters.AddWithValue(afterId);
        command.Parameters.AddWithValue(limit);
        var artists = new List<ArtistStatistics>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var figures = StatisticsFigures.Read(reader, 3);
            artists.Add(new ArtistStatistics(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), figures.Visitors, figures));
        }

        return artists;
    }

    private static async Task<List<SessionStatistics>> ReadSessionsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var sessions = new List<SessionStatistics>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sessions.Add(new SessionStatistics(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3),
                StatisticsFigures.Read(reader, 4)));
        }

        return sessions;
    }

    private static NpgsqlParameter Owner(long? ownerId) => new() { Value = (object?)ownerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };

    private static NpgsqlParameter Time(DateTimeOffset? at) => new() { Value = (object?)at?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
