using System.Globalization;
using Npgsql;
using TicketBooking.Storage;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// Schema waiting_room: rooms and their visitors. Joins, leaves and "ordered" marks are plain writes of the visitor's
/// own row, made by any ingress instance; everything else that changes the queue is the admitter's
/// (<see cref="WaitingRoomAdmitter"/>). Times the store writes come from the database's clock (now()).
/// </summary>
public sealed class WaitingRoomStore(NpgsqlDataSource dataSource)
{
    public const string Schema = "waiting_room";

    /// <summary>The channel of <c>NOTIFY tb_waiting_room, '&lt;sessionId&gt;'</c>, sent after each change of a room.</summary>
    public const string NotifyChannel = "tb_waiting_room";

    private readonly NpgsqlDataSource _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    public static MigrationSet Migrations { get; } = MigrationSet.FromEmbeddedResources(Schema, typeof(WaitingRoomStore).Assembly);

    /// <summary>
    /// Inserts or updates the room; once it is shuffled only the rate, the mode and the lifetimes may change
    /// (<see cref="RoomAlreadyStartedException"/> otherwise). <see cref="RoomSettings.CreatedBy"/> is kept from the
    /// insert: an update by someone else (an admin) does not change it. Bumps the version and notifies: a room just
    /// created comes back with version 1, an updated one with more.
    /// </summary>
    /// <exception cref="ArgumentException">The settings are not valid (<see cref="RoomSettings.ProblemOf"/>).</exception>
    public async Task<RoomStatus> ConfigureAsync(RoomSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.ProblemOf() is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO waiting_room.rooms (session_id, opens_at, sale_starts_at, closes_at, mode, admit_per_minute,
                admission_seconds, offer_seconds, created_by, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0)
            ON CONFLICT (session_id) DO NOTHING
            """,
            connection,
            transaction))
        {
            AddSettings(insert, settings);
            insert.Parameters.AddWithValue(settings.CreatedBy);
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        RoomStatus existing;
        await using (var select = new NpgsqlCommand(
            $"SELECT {WaitingRoomRows.RoomColumns} FROM waiting_room.rooms WHERE session_id = $1 FOR NO KEY UPDATE", connection, transaction))
        {
            select.Parameters.AddWithValue(settings.SessionId);
            existing = (await WaitingRoomRows.ReadRoomAsync(select, ct).ConfigureAwait(false))!;
        }

        if (existing.Shuffled && FixesChange(existing.Settings, settings))
        {
            throw new RoomAlreadyStartedException(settings.SessionId);
        }

        RoomStatus configured;
        await using (var update = new NpgsqlCommand(
            $"""
            UPDATE waiting_room.rooms
            SET opens_at = $2, sale_starts_at = $3, closes_at = $4, mode = $5, admit_per_minute = $6,
                admission_seconds = $7, offer_seconds = $8, version = version + 1, updated_at = now()
            WHERE session_id = $1
            RETURNING {WaitingRoomRows.RoomColumns}
            """,
            connection,
            transaction))
        {
            AddSettings(update, settings);
            configured = (await WaitingRoomRows.ReadRoomAsync(update, ct).ConfigureAwait(false))!;
        }

        await NotifyAsync(connection, transaction, settings.SessionId, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return configured;
    }

    public async Task<RoomStatus?> GetAsync(long sessionId, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {WaitingRoomRows.RoomColumns} FROM waiting_room.rooms WHERE session_id = $1");
        command.Parameters.AddWithValue(sessionId);
        return await WaitingRoomRows.ReadRoomAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>The rooms that are not closed yet (closes_at after the database's now()).</summary>
    public async Task<IReadOnlyList<RoomStatus>> ListAsync(CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {WaitingRoomRows.RoomColumns} FROM waiting_room.rooms WHERE closes_at > now() ORDER BY session_id");
        var rooms = new List<RoomStatus>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rooms.Add(WaitingRoomRows.ReadRoom(reader));
        }

        return rooms;
    }

    /// <summary>
    /// Idempotent: a visitor already in the queue gets their row back (Created false). A visitor who left and joins again
    /// (Created true) goes to the back when they held no position yet (a new arrival and joined_at); one who held a
    /// position keeps it as long as the admission has not passed it, and otherwise stays left: a position, once given,
    /// is never taken back or given twice, so that the audit can recompute the queue. An admitted visitor's row is
    /// returned unchanged. The room must exist (a foreign key violation otherwise).
    /// </summary>
    public async Task<(Visitor Visitor, bool Created)> JoinAsync(long sessionId, long userId, CancellationToken ct)
    {
        await using (var insert = _dataSource.CreateCommand(
            $"""
            INSERT INTO waiting_room.visitors (session_id, user_id) VALUES ($1, $2)
            ON CONFLICT (session_id, user_id) DO NOTHING
            RETURNING {WaitingRoomRows.VisitorColumns}
            """))
        {
            insert.Parameters.AddWithValue(sessionId);
            insert.Parameters.AddWithValue(userId);
            if (await WaitingRoomRows.ReadVisitorAsync(insert, ct).ConfigureAwait(false) is { } created)
            {
                return (created, true);
            }
        }

        // FOR SHARE of the room waits out an admitter step in progress (it holds the room FOR NO KEY UPDATE), so the
        // check against admitted_through cannot race an admission that passes this visitor's position.
        await using (var rejoin = _dataSource.CreateCommand(
            $"""
            UPDATE waiting_room.visitors v
            SET left_at = NULL,
                arrival = CASE WHEN v.position IS NULL THEN nextval('waiting_room.arrivals') ELSE v.arrival END,
                joined_at = CASE WHEN v.position IS NULL THEN now() ELSE v.joined_at END
            FROM (SELECT admitted_through FROM waiting_room.rooms WHERE session_id = $1 FOR SHARE) r
            WHERE v.session_id = $1 AND v.user_id = $2 AND v.left_at IS NOT NULL AND v.admitted_at IS NULL
              AND (v.position IS NULL OR v.position > r.admitted_through)
            RETURNING {Prefixed("v")}
            """))
        {
            rejoin.Parameters.AddWithValue(sessionId);
            rejoin.Parameters.AddWithValue(userId);
            if (await WaitingRoomRows.ReadVisitorAsync(rejoin, ct).ConfigureAwait(false) is { } rejoined)
            {
                return (rejoined, true);
            }
        }

        var visitor = await GetVisitorAsync(sessionId, userId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The visitor {userId} of session {sessionId} vanished while joining.");
        return (visitor, false);
    }

    public async Task<Visitor?> GetVisitorAsync(long sessionId, long userId, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {WaitingRoomRows.VisitorColumns} FROM waiting_room.visitors WHERE session_id = $1 AND user_id = $2");
        command.Parameters.AddWithValue(sessionId);
        command.Parameters.AddWithValue(userId);
        return await WaitingRoomRows.ReadVisitorAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// False when the user is not in the queue: never joined, left already, or admitted (an admission is not given back;
    /// unused, it expires).
    /// </summary>
    public async Task<bool> LeaveAsync(long sessionId, long userId, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(
            """
            UPDATE waiting_room.visitors SET left_at = now()
            WHERE session_id = $1 AND user_id = $2 AND left_at IS NULL AND admitted_at IS NULL
            """);
        command.Parameters.AddWithValue(sessionId);
        command.Parameters.AddWithValue(userId);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Records the first order accepted with the visitor's admission; later ones, and visitors not admitted, change nothing.</summary>
    public async Task MarkOrderedAsync(long sessionId, long userId, Guid orderId, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(
            """
            UPDATE waiting_room.visitors SET ordered_at = now(), order_id = $3
            WHERE session_id = $1 AND user_id = $2 AND admitted_at IS NOT NULL AND ordered_at IS NULL
            """);
        command.Parameters.AddWithValue(sessionId);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(orderId);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The room's figures; Abandoned is measured against the database's clock. All zero for a room that does not exist.</summary>
    public async Task<RoomCounts> CountAsync(long sessionId, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        var ordersProjected = false;
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('projections.orders') IS NOT NULL", connection))
        {
            ordersProjected = await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is true;
        }

        var bought = ordersProjected
            ? "(SELECT count(*) FROM waiting_room.visitors v JOIN projections.orders o ON o.order_id = v.order_id WHERE v.session_id = $1 AND o.status = 'confirmed')"
            : "0::bigint";
        await using var command = new NpgsqlCommand(
            $"""
            SELECT
                count(*) FILTER (WHERE position IS NOT NULL AND admitted_at IS NULL AND left_at IS NULL),
                COALESCE((SELECT admitted_count FROM waiting_room.rooms WHERE session_id = $1), 0),
                {bought},
                count(*) FILTER (WHERE admitted_at IS NOT NULL AND ordered_at IS NULL AND admission_expires_at <= now()),
                count(*) FILTER (WHERE left_at IS NOT NULL AND admitted_at IS NULL),
                count(*) FILTER (WHERE position IS NULL AND left_at IS NULL)
            FROM waiting_room.visitors WHERE session_id = $1
            """,
            connection);
        command.Parameters.AddWithValue(sessionId);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return new RoomCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    /// <summary>A keyset page of positioned visitors, in position order, after <paramref name="afterPosition"/>.</summary>
    public async Task<IReadOnlyList<Visitor>> VisitorsByPositionAsync(long sessionId, long afterPosition, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var command = _dataSource.CreateCommand(
            $"""
            SELECT {WaitingRoomRows.VisitorColumns} FROM waiting_room.visitors
            WHERE session_id = $1 AND position > $2 ORDER BY position LIMIT $3
            """);
        command.Parameters.AddWithValue(sessionId);
        command.Parameters.AddWithValue(afterPosition);
        command.Parameters.AddWithValue(limit);
        var visitors = new List<Visitor>(Math.Min(limit, 10_000));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            visitors.Add(WaitingRoomRows.ReadVisitor(reader));
        }

        return visitors;
    }

    /// <summary>Sends the room's NOTIFY inside <paramref name="transaction"/>: it goes out when the change commits.</summary>
    internal static async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long sessionId, CancellationToken ct)
    {
        await using var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection, transaction);
        notify.Parameters.AddWithValue(NotifyChannel);
        notify.Parameters.AddWithValue(sessionId.ToString(CultureInfo.InvariantCulture));
        await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static void AddSettings(NpgsqlCommand command, RoomSettings settings)
    {
        command.Parameters.AddWithValue(settings.SessionId);
        command.Parameters.AddWithValue(WaitingRoomRows.Utc(settings.OpensAt));
        command.Parameters.AddWithValue(WaitingRoomRows.Utc(settings.SaleStartsAt));
        command.Parameters.AddWithValue(WaitingRoomRows.Utc(settings.ClosesAt));
        command.Parameters.AddWithValue(WaitingRoomRows.ModeColumn(settings.Mode));
        command.Parameters.AddWithValue(settings.AdmitPerMinute);
        command.Parameters.AddWithValue((int)settings.AdmissionLifetime.TotalSeconds);
        command.Parameters.AddWithValue((int)settings.OfferLifetime.TotalSeconds);
    }

    // What the shuffle fixed: the queue's window. The rate, mode and lifetimes may change at any time.
    private static bool FixesChange(RoomSettings stored, RoomSettings wanted) =>
        WaitingRoomRows.ToMicroseconds(stored.OpensAt) != WaitingRoomRows.ToMicroseconds(wanted.OpensAt)
        || WaitingRoomRows.ToMicroseconds(stored.SaleStartsAt) != WaitingRoomRows.ToMicroseconds(wanted.SaleStartsAt)
        || WaitingRoomRows.ToMicroseconds(stored.ClosesAt) != WaitingRoomRows.ToMicroseconds(wanted.ClosesAt);

    private static string Prefixed(string alias) =>
        string.Join(", ", WaitingRoomRows.VisitorColumns.Split(", ").Select(column => $"{alias}.{column}"));
}
