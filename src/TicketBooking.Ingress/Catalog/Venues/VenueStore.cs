using Npgsql;

namespace TicketBooking.Ingress.Catalog;

/// <summary><c>catalog.venues</c>, each owned by the organizer that created it.</summary>
public sealed class VenueStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, city_id, name, kind, address";

    /// <summary>Creates the venue owned by <paramref name="ownerId"/>, or replaces it when the caller may; false (nothing changes) when it may not.</summary>
    public async Task<bool> PutAsync(Venue venue, long ownerId, bool asAdmin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(venue);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO catalog.venues (id, city_id, name, kind, address, owner_id) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO UPDATE SET city_id = excluded.city_id, name = excluded.name, kind = excluded.kind,
                address = excluded.address, updated_at = now()
            WHERE catalog.venues.owner_id = $6 OR $7
            """);
        command.Parameters.AddWithValue(venue.Id);
        command.Parameters.AddWithValue(venue.CityId);
        command.Parameters.AddWithValue(venue.Name);
        command.Parameters.AddWithValue(venue.Kind);
        command.Parameters.AddWithValue(venue.Address);
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(asAdmin);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<Venue?> FindAsync(long venueId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM catalog.venues WHERE id = $1");
        command.Parameters.AddWithValue(venueId);
        var found = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Venues by id after <paramref name="afterId"/> (of one city when <paramref name="cityId"/> is given), at most <paramref name="count"/>.</summary>
    public async Task<List<Venue>> ListAsync(long? cityId, long afterId, int count, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM catalog.venues WHERE id > $1 AND ($2::bigint IS NULL OR city_id = $2) ORDER BY id LIMIT $3");
        command.Parameters.AddWithValue(afterId);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)cityId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.AddWithValue(count);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<Venue>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var venues = new List<Venue>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            venues.Add(new Venue(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return venues;
    }
}
