using Npgsql;
using TicketBooking.Storage;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// Schema waiting_room: rooms and their visitors. Joins, leaves and "ordered" marks are plain writes of the visitor's
/// own row, made by any ingress instance; everything else that changes the queue is the admitter's
/// (<see cref="WaitingRoomAdmitter"/>).
/// </summary>
public sealed class WaitingRoomStore(NpgsqlDataSource dataSource)
{
    private readonly NpgsqlDataSource _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    public const string Schema = "waiting_room";

    /// <summary>The channel of <c>NOTIFY tb_waiting_room, '&lt;sessionId&gt;'</c>, sent after each change of a room.</summary>
    public const string NotifyChannel = "tb_waiting_room";

    public static MigrationSet Migrations { get; } = MigrationSet.FromEmbeddedResources(Schema, typeof(WaitingRoomStore).Assembly);

    /// <summary>
    /// Inserts or updates the room; once it is shuffled only the rate, the mode and the lifetimes may change
    /// (<see cref="RoomAlreadyStartedException"/> otherwise). Bumps the version and notifies.
    /// </summary>
    /// <exception cref="ArgumentException">The settings are not valid (<see cref="RoomSettings.ProblemOf"/>).</exception>
    public Task<RoomStatus> ConfigureAsync(RoomSettings settings, CancellationToken ct) => throw new NotImplementedException();

    public Task<RoomStatus?> GetAsync(long sessionId, CancellationToken ct) => throw new NotImplementedException(_dataSource.ToString());

    /// <summary>The rooms that are not closed yet (closes_at after the database's now()).</summary>
    public Task<IReadOnlyList<RoomStatus>> ListAsync(CancellationToken ct) => throw new NotImplementedException();

    /// <summary>
    /// Idempotent. A visitor who left and joins again goes to the back (left_at cleared, position cleared, a new arrival)
    /// unless already admitted: an admitted visitor gets their row back unchanged.
    /// </summary>
    public Task<(Visitor Visitor, bool Created)> JoinAsync(long sessionId, long userId, CancellationToken ct) => throw new NotImplementedException();

    public Task<Visitor?> GetVisitorAsync(long sessionId, long userId, CancellationToken ct) => throw new NotImplementedException();

    /// <summary>False when the user is not in the queue (never joined, or left already).</summary>
    public Task<bool> LeaveAsync(long sessionId, long userId, CancellationToken ct) => throw new NotImplementedException();

    /// <summary>Records the first order accepted with the visitor's admission; later ones change nothing.</summary>
    public Task MarkOrderedAsync(long sessionId, long userId, Guid orderId, CancellationToken ct) => throw new NotImplementedException();

    public Task<RoomCounts> CountAsync(long sessionId, CancellationToken ct) => throw new NotImplementedException();

    /// <summary>A keyset page of positioned visitors, in position order, after <paramref name="afterPosition"/>.</summary>
    public Task<IReadOnlyList<Visitor>> VisitorsByPositionAsync(long sessionId, long afterPosition, int limit, CancellationToken ct) => throw new NotImplementedException();
}
