using BenchmarkDotNet.Attributes;
using Npgsql;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.Benchmarks;

/// <summary>
/// The same hot-session seat holds done two ways in one run: the conventional booking site's
/// conditional UPDATE per seat on a PostgreSQL seats table (the baseline), and the engine.
/// Needs the local PostgreSQL: run through <c>./tb bench</c>, which sets TB_PG.
/// </summary>
[InvocationCount(1)]
public class HotSessionBaselineBenchmarks
{
    private const int PostgresHolds = 2_000;
    private const int EngineHolds = 20_000;

    private readonly List<Decision> _decisions = new(EngineHolds + 1);
    private NpgsqlDataSource _dataSource = null!;
    private NpgsqlConnection _connection = null!;
    private TicketEngine _engine = null!;
    private Command[] _commands = [];

    [GlobalSetup]
    public void Setup()
    {
        var connectionString = Environment.GetEnvironmentVariable("TB_PG")
            ?? throw new InvalidOperationException("TB_PG is not set: run the benchmarks with ./tb bench, which starts PostgreSQL.");
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _connection = _dataSource.OpenConnection();
        Execute("""
            DROP TABLE IF EXISTS bench_seats;
            CREATE UNLOGGED TABLE bench_seats (
                session_id bigint NOT NULL,
                seat_id int NOT NULL,
                status text NOT NULL DEFAULT 'free',
                order_id uuid,
                buyer_id bigint,
                PRIMARY KEY (session_id, seat_id));
            """);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Execute("DROP TABLE IF EXISTS bench_seats");
        _connection.Dispose();
        _dataSource.Dispose();
    }

    [IterationSetup(Target = nameof(PostgresConditionalUpdate))]
    public void ResetSeats()
    {
        Execute("TRUNCATE bench_seats");
        Execute("INSERT INTO bench_seats (session_id, seat_id) SELECT 1, s FROM generate_series(0, 19999) AS s");
        Execute("VACUUM ANALYZE bench_seats");
    }

    /// <summary>One autocommitted <c>UPDATE ... WHERE status = 'free'</c> per seat, as most booking sites do.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = PostgresHolds)]
    public int PostgresConditionalUpdate()
    {
        using var update = new NpgsqlCommand(
            "UPDATE bench_seats SET status = 'held', order_id = $1, buyer_id = $2 WHERE session_id = 1 AND seat_id = $3 AND status = 'free'",
            _connection);
        var orderId = new NpgsqlParameter<Guid>();
        var buyerId = new NpgsqlParameter<long>();
        var seatId = new NpgsqlParameter<int>();
        update.Parameters.Add(orderId);
        update.Parameters.Add(buyerId);
        update.Parameters.Add(seatId);
        update.Prepare();
        var held = 0;
        for (var i = 0; i < PostgresHolds; i++)
        {
            orderId.TypedValue = Guid.NewGuid();
            buyerId.TypedValue = i;
            seatId.TypedValue = i;
            held += update.ExecuteNonQuery();
        }

        return held;
    }

    [IterationSetup(Target = nameof(EngineSingleSeatHold))]
    public void ResetEngine()
    {
        _engine = new TicketEngine();
        _decisions.Clear();
        _engine.Execute(new EngineInput(0, 0, new OpenSession(1, EngineBenchmarks.Hall, [9_000, 6_000, 3_500], 60_000, 4, long.MaxValue)), _decisions);
        _commands = [.. Enumerable.Range(0, EngineHolds).Select(i => new Purchase(Guid.NewGuid(), 1, i, SeatRequest.Explicit(i)))];
    }

    [Benchmark(OperationsPerInvoke = EngineHolds)]
    public int EngineSingleSeatHold()
    {
        _decisions.Clear();
        var input = 0L;
        foreach (var command in _commands)
        {
            _engine.Execute(new EngineInput(++input, 1_000, command), _decisions);
        }

        return _decisions.Count;
    }

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, _connection);
        command.ExecuteNonQuery();
    }
}
