using BenchmarkDotNet.Attributes;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;

namespace TicketBooking.Benchmarks;

/// <summary>
/// Single-threaded decisions of the pure engine in a 20,000-seat hall (100 rows of 200 seats, three
/// categories). Each invocation starts from a fresh engine prepared in the iteration setup, so the
/// figures include the growth of the engine's tables from empty. One operation is one decision.
/// The commands are built once, so that the measured collections are the engine's own. See
/// <see cref="EngineBenchmarkConfig"/> for why the JIT is not tiered here.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
[WarmupCount(10)]
[IterationCount(15)]
[Config(typeof(EngineBenchmarkConfig))]
public class EngineBenchmarks
{
    private const int HallSeats = 20_000;
    private const int TwoSeatOrders = HallSeats / 2;
    private const int FourSeatOrders = HallSeats / 4;

    private readonly List<Decision> _decisions = new(HallSeats + 16);
    private TicketEngine _engine = null!;
    private Command[] _commands = [];
    private long _input;

    public static SessionLayout Hall { get; } = new(
        [.. Enumerable.Range(0, 100).Select(row => new RowLayout($"R{row + 1}", Enumerable.Repeat((byte)(row < 20 ? 0 : row < 70 ? 1 : 2), 200).ToArray()))]);

    private static readonly Command[] SingleSeatPurchases = Commands(HallSeats, i => new Purchase(OrderId(i), 1, i, SeatRequest.Explicit(i)));

    private static readonly Command[] FourSeatPurchases =
        Commands(FourSeatOrders, i => new Purchase(OrderId(i), 1, i, SeatRequest.Explicit(4 * i, (4 * i) + 1, (4 * i) + 2, (4 * i) + 3)));

    private static readonly Command[] BestTwoPurchases = Commands(TwoSeatOrders, i => new Purchase(OrderId(i), 1, i, SeatRequest.Adjacent(2, i % 3)));

    private static readonly Command[] BestFourPurchases = Commands(FourSeatOrders, i => new Purchase(OrderId(i), 1, i, SeatRequest.Adjacent(4, i % 3)));

    private static readonly Command[] Payments = Commands(HallSeats, i => new PaymentSucceeded(OrderId(i), 1));

    [IterationSetup(Target = nameof(SingleSeatHolds))]
    public void SetupSingleSeatHolds() => Prepare(SingleSeatPurchases);

    [Benchmark(OperationsPerInvoke = HallSeats)]
    public int SingleSeatHolds() => RunCommands();

    [IterationSetup(Target = nameof(FourSeatExplicitHolds))]
    public void SetupFourSeatExplicitHolds() => Prepare(FourSeatPurchases);

    [Benchmark(OperationsPerInvoke = FourSeatOrders)]
    public int FourSeatExplicitHolds() => RunCommands();

    [IterationSetup(Target = nameof(BestTwoAdjacentHolds))]
    public void SetupBestTwoAdjacentHolds() => Prepare(BestTwoPurchases);

    /// <summary>Fills the hall front to back, each row from its middle outwards: later requests skip the rows already full.</summary>
    [Benchmark(OperationsPerInvoke = TwoSeatOrders)]
    public int BestTwoAdjacentHolds() => RunCommands();

    [IterationSetup(Target = nameof(BestFourAdjacentHolds))]
    public void SetupBestFourAdjacentHolds() => Prepare(BestFourPurchases);

    /// <summary>As <see cref="BestTwoAdjacentHolds"/>, four seats side by side.</summary>
    [Benchmark(OperationsPerInvoke = FourSeatOrders)]
    public int BestFourAdjacentHolds() => RunCommands();

    [IterationSetup(Target = nameof(Confirm))]
    public void SetupConfirm()
    {
        SetupSingleSeatHolds();
        RunCommands();
        _commands = Payments;
    }

    [Benchmark(OperationsPerInvoke = HallSeats)]
    public int Confirm() => RunCommands();

    [IterationSetup(Target = nameof(Expire))]
    public void SetupExpire()
    {
        SetupSingleSeatHolds();
        RunCommands();
    }

    /// <summary>One tick past every deadline expires all 20,000 holds.</summary>
    [Benchmark(OperationsPerInvoke = HallSeats)]
    public int Expire()
    {
        _decisions.Clear();
        _engine.Execute(new EngineInput(++_input, 10_000_000, Tick.Instance), _decisions);
        return _decisions.Count;
    }

    private int RunCommands()
    {
        _decisions.Clear();
        foreach (var command in _commands)
        {
            _engine.Execute(new EngineInput(++_input, 1_000, command), _decisions);
        }

        return _decisions.Count;
    }

    private void Prepare(Command[] commands)
    {
        _engine = new TicketEngine();
        _input = 0;
        _decisions.Clear();
        _engine.Execute(new EngineInput(++_input, 0, new OpenSession(1, Hall, [9_000, 6_000, 3_500], 60_000, 4, long.MaxValue)), _decisions);
        _commands = commands;
    }

    private static Command[] Commands(int count, Func<int, Command> command) => [.. Enumerable.Range(0, count).Select(command)];

    private static Guid OrderId(int i) => new(i + 1, 0, 0, new byte[8]);
}
