using Npgsql;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Ops;

/// <summary>One read of a waiting room for its audit: the room, its counts and every positioned visitor in position order.</summary>
/// <param name="Room">The room as read after the visitors.</param>
/// <param name="Counts">The organizer's counts.</param>
/// <param name="VisitorsByPosition">Every visitor with a position, in position order.</param>
/// <param name="Stable">True when the room's version was the same before and after the visitors were read.</param>
public sealed record WaitingRoomRead(RoomStatus Room, RoomCounts Counts, IReadOnlyList<Visitor> VisitorsByPosition, bool Stable);

/// <summary>
/// Reads a waiting room through <see cref="WaitingRoomStore"/>. The store's reads are separate statements, so the
/// room is read before and after the visitors and the whole read repeated while the admitter changed it in between.
/// </summary>
public sealed class WaitingRoomReader(NpgsqlDataSource dataSource)
{
    /// <summary>Visitors asked for per page.</summary>
    public const int PageSize = 10_000;

    /// <summary>Reads of a room that keeps changing before the last one is audited as it is.</summary>
    public const int Attempts = 5;

    /// <summary>PostgreSQL's code for an undefined table: no ingress with the waiting room ever migrated this database.</summary>
    private const string UndefinedTable = "42P01";

    /// <summary>The room of <paramref name="sessionId"/>; null when the session has none.</summary>
    public async Task<WaitingRoomRead?> ReadAsync(long sessionId, CancellationToken cancellationToken)
    {
        var store = new WaitingRoomStore(dataSource);
        try
        {
            WaitingRoomRead? read = null;
            for (var attempt = 1; attempt <= Attempts && read is not { Stable: true }; attempt++)
            {
                if (await store.GetAsync(sessionId, cancellationToken).ConfigureAwait(false) is not { } before)
                {
                    return null;
                }

                var visitors = await ReadVisitorsAsync(store, sessionId, cancellationToken).ConfigureAwait(false);
                var counts = await store.CountAsync(sessionId, cancellationToken).ConfigureAwait(false);
                var after = await store.GetAsync(sessionId, cancellationToken).ConfigureAwait(false) ?? before;
                read = new WaitingRoomRead(after, counts, visitors, after.Version == before.Version);
            }

            return read;
        }
        catch (PostgresException e) when (e.SqlState == UndefinedTable)
        {
            return null;
        }
        catch (NpgsqlException e)
        {
            throw new ServiceUnavailableException($"PostgreSQL failed while reading the waiting room of session {sessionId}: {e.Message}", e);
        }
    }

    private static async Task<IReadOnlyList<Visitor>> ReadVisitorsAsync(WaitingRoomStore store, long sessionId, CancellationToken cancellationToken)
    {
        var visitors = new List<Visitor>();
        long after = 0;
        while (true)
        {
            var page = await store.VisitorsByPositionAsync(sessionId, after, PageSize, cancellationToken).ConfigureAwait(false);
            visitors.AddRange(page);
            if (page.Count < PageSize || page[^1].Position is not { } last)
            {
                return visitors;
            }

            after = last;
        }
    }
}
