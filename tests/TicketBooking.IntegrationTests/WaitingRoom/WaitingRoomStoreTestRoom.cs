using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TicketBooking.Storage;
using TicketBooking.WaitingRoom;

namespace TicketBooking.IntegrationTests.WaitingRoom;

/// <summary>
/// A scratch database with schema waiting_room, its store, and an admitter on a clock the test moves: the admitter steps
/// every room of its database, so each test has one of its own. Joins take the database's clock, so rooms are placed
/// around the real now (<see cref="Configure"/>).
/// </summary>
internal sealed class WaitingRoomStoreTestRoom : IAsyncDisposable
{
    private readonly ScratchDatabase _database;
    private NpgsqlConnection? _admitterConnection;

    private WaitingRoomStoreTestRoom(ScratchDatabase database)
    {
        _database = database;
        Pg = NpgsqlDataSource.Create(database.ConnectionString);
        Store = new WaitingRoomStore(Pg);
        Admitter = NewAdmitter();
    }

    /// <summary>Pooled, on the scratch database.</summary>
    public NpgsqlDataSource Pg { get; }

    /// <summary>Unpooled, on the scratch database: for session locks and LISTEN.</summary>
    public NpgsqlDataSource UnpooledPg => _database.Pg;

    public WaitingRoomStore Store { get; }

    public SteppedClock Clock { get; } = new();

    public WaitingRoomAdmitter Admitter { get; private set; }

    public static async Task<WaitingRoomStoreTestRoom> CreateAsync(ServicesFixture services)
    {
        var database = await ScratchDatabase.CreateAsync(services, "tb_it_waiting_room_");
        await new SchemaMigrator(database.Pg, WaitingRoomStore.Migrations).MigrateAsync(CancellationToken.None);
        return new WaitingRoomStoreTestRoom(database);
    }

    /// <summary>Settings whose sale starts <paramref name="saleStartsIn"/> from the real now (negative: in the past).</summary>
    public static RoomSettings Configure(
        long sessionId,
        TimeSpan saleStartsIn,
        AdmissionMode mode = AdmissionMode.Rate,
        int admitPerMinute = 60,
        TimeSpan? admissionLifetime = null,
        TimeSpan? offerLifetime = null)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var saleStartsAt = now + saleStartsIn;
        return new RoomSettings(
            sessionId,
            saleStartsAt.AddHours(-1),
            saleStartsAt,
            saleStartsAt.AddHours(3),
            mode,
            admitPerMinute,
            admissionLifetime ?? TimeSpan.FromMinutes(10),
            offerLifetime ?? TimeSpan.FromMinutes(5),
            CreatedBy: 500);
    }

    /// <summary>A fresh admitter instance, as after a restart of the process that ran the last one.</summary>
    public WaitingRoomAdmitter NewAdmitter() => Admitter = new WaitingRoomAdmitter(Clock, NullLogger<WaitingRoomAdmitter>.Instance);

    /// <summary>One step at <paramref name="at"/> with the free seats <paramref name="freeSeats"/> gives (unknown unless told).</summary>
    public async Task<IReadOnlyList<long>> StepAsync(DateTimeOffset at, Func<long, int?>? freeSeats = null)
    {
        Clock.Now = at;
        _admitterConnection ??= await Pg.OpenConnectionAsync();
        return await Admitter.StepAsync(_admitterConnection, freeSeats ?? (_ => null), CancellationToken.None);
    }

    public async Task JoinAllAsync(long sessionId, IEnumerable<long> userIds)
    {
        foreach (var userId in userIds)
        {
            await Store.JoinAsync(sessionId, userId, CancellationToken.None);
        }
    }

    /// <summary>Every positioned visitor, in position order, read in keyset pages.</summary>
    public async Task<IReadOnlyList<Visitor>> VisitorsAsync(long sessionId, int pageSize = 10_000)
    {
        var all = new List<Visitor>();
        while (true)
        {
            var page = await Store.VisitorsByPositionAsync(sessionId, all.Count == 0 ? 0 : all[^1].Position!.Value, pageSize, CancellationToken.None);
            all.AddRange(page);
            if (page.Count < pageSize)
            {
                return all;
            }
        }
    }

    public async Task<RoomStatus> RoomAsync(long sessionId) =>
        await Store.GetAsync(sessionId, CancellationToken.None) ?? throw new InvalidOperationException($"No room for session {sessionId}.");

    /// <summary>The audit's findings over the whole room, as one line each.</summary>
    public async Task<IReadOnlyList<string>> AuditAsync(long sessionId) =>
        [.. QueueAudit.Check(await RoomAsync(sessionId), await VisitorsAsync(sessionId)).Select(finding => $"{finding.Kind}: {finding.Detail}")];

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = Pg.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_admitterConnection is not null)
        {
            await _admitterConnection.DisposeAsync();
        }

        await Pg.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>A clock that shows what the test set; only the admitter reads it.</summary>
    internal sealed class SteppedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
