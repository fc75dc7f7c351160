using Npgsql;

namespace TicketBooking.Ingress.Catalog;

/// <summary><c>catalog.artists</c>, each owned by the organizer that created it.</summary>
public sealed class ArtistStore(NpgsqlDataSource dataSource)
{
    /// <summary>Creates the artist owned by <paramref name="ownerId"/>, or renames it when the caller may; false (nothing changes) when it may not.</summary>
    public async Task<bool> PutAsync(Artist artist, long ownerId, bool asAdmin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artist);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO catalog.artists (id, name, owner_id) VALUES ($1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = now()
            WHERE catalog.artists.owner_id = $3 OR $4
            """);
        command.Parameters.AddWithValue(artist.Id);
        command.Parameters.AddWithValue(artist.Name);
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(asAdmin);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<Artist?> FindAsync(long artistId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name FROM catalog.artists WHERE id = $1");
        command.Parameters.AddWithValue(artistId);
        var found = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>How many of <paramref name="artistIds"/> exist.</summary>
    public async Task<int> CountAsync(long[] artistIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM catalog.artists WHERE id = ANY($1)");
        command.Parameters.AddWithValue(artistIds);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Artists by id after <paramref name="afterId"/>, at most <paramref name="count"/>.</summary>
    public async Task<List<Artist>> ListAsync(long afterId, int count, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name FROM catalog.artists WHERE id > $1 ORDER BY id LIMIT $2");
        command.Parameters.AddWithValue(afterId);
        command.Parameters.AddWithValue(count);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<Artist>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var artists = new List<Artist>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            artists.Add(new Artist(reader.GetInt64(0), reader.GetString(1)));
        }

        return artists;
    }
}
