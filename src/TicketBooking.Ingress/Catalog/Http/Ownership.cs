using Npgsql;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Ingress.Catalog;

/// <summary>
/// Who may change a catalog row: the organizer that created it (its <c>owner_id</c>) or an admin. Rows from before
/// owners existed have none, so only admins change them. A refusal is 403, as halls have always answered.
/// </summary>
public sealed class Ownership(NpgsqlDataSource dataSource)
{
    /// <summary>The catalog tables with an owner; the only names <see cref="FindAsync"/> puts into SQL.</summary>
    public enum Table
    {
        Venues,
        Halls,
        Artists,
        Events,
    }

    /// <summary>Whether the row exists, and its owner.</summary>
    public async Task<(bool Exists, long? OwnerId)> FindAsync(Table table, long id, CancellationToken cancellationToken)
    {
        var name = table switch
        {
            Table.Venues => "catalog.venues",
            Table.Halls => "catalog.halls",
            Table.Artists => "catalog.artists",
            Table.Events => "catalog.events",
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
        };
        await using var command = dataSource.CreateCommand($"SELECT owner_id FROM {name} WHERE id = $1");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (true, reader.IsDBNull(0) ? null : reader.GetInt64(0)) : (false, null);
    }

    /// <summary>Whether the caller may change (or use) a row owned by <paramref name="ownerId"/>.</summary>
    public static bool Allows(HttpContext http, long? ownerId) => Caller.IsAdmin(http) || ownerId == Caller.IdOf(http);

    public static ForbiddenProblem NotYours(string what) => new($"{what} belongs to another organizer.");
}
