using Npgsql;

namespace TicketBooking.Ingress.Catalog;

/// <summary><c>catalog.cities</c>.</summary>
public sealed class CityStore(NpgsqlDataSource dataSource)
{
    public async Task<City> PutAsync(long cityId, CityRequest city, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(city);
        var saved = new City(cityId, city.Name.Trim(), city.CountryCode.ToUpperInvariant(), city.TimeZone);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO catalog.cities (id, name, country_code, time_zone) VALUES ($1, $2, $3, $4)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, country_code = excluded.country_code,
                time_zone = excluded.time_zone, updated_at = now()
            """);
        command.Parameters.AddWithValue(saved.Id);
        command.Parameters.AddWithValue(saved.Name);
        command.Parameters.AddWithValue(saved.CountryCode);
        command.Parameters.AddWithValue(saved.TimeZone);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return saved;
    }

    public async Task<City?> FindAsync(long cityId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, country_code, time_zone FROM catalog.cities WHERE id = $1");
        command.Parameters.AddWithValue(cityId);
        var found = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Cities by id after <paramref name="afterId"/>, at most <paramref name="count"/>.</summary>
    public async Task<List<City>> ListAsync(long afterId, int count, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, country_code, time_zone FROM catalog.cities WHERE id > $1 ORDER BY id LIMIT $2");
        command.Parameters.AddWithValue(afterId);
        command.Parameters.AddWithValue(count);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<City>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var cities = new List<City>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            cities.Add(new City(reader.GetInt64(0), reader.GetString(1), reader.GetString(2).Trim(), reader.GetString(3)));
        }

        return cities;
    }
}
