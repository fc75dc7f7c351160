using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;

namespace TicketBooking.Engine.Tests;

/// <summary>Feeds commands to a <see cref="TicketEngine"/> as a numbered, timestamped input log and keeps the journal.</summary>
internal sealed class EngineHarness
{
    public const long HoldTimeoutMs = 60_000;
    public const long ShowStartsAtMs = 10_000_000;

    private long _inputSequence;

    public TicketEngine Engine { get; } = new();

    public List<Decision> Journal { get; } = [];

    public long NowMs { get; set; } = 1_000;

    public static SessionLayout Hall(int rows, int seatsPerRow, Func<int, int, byte>? category = null) =>
        new(Enumerable.Range(0, rows)
            .Select(row => new RowLayout(
                ((char)('A' + (row % 26))).ToString() + (row / 26 == 0 ? "" : (row / 26).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Enumerable.Range(0, seatsPerRow).Select(seat => category?.Invoke(row, seat) ?? 0).ToArray()))
            .ToArray());

    public static OpenSession Open(long sessionId, SessionLayout layout, int maxSeatsPerBuyer = 10, long[]? prices = null, int maxHoldExtensions = 0) =>
        new(sessionId, layout, prices ?? [5_000, 3_000, 1_000], HoldTimeoutMs, maxSeatsPerBuyer, ShowStartsAtMs, maxHoldExtensions);

    public IReadOnlyList<Decision> Run(Command command)
    {
        var decisions = new List<Decision>();
        Engine.Execute(new EngineInput(++_inputSequence, NowMs, command), decisions);
        Journal.AddRange(decisions);
        return decisions;
    }

    public T RunSingle<T>(Command command)
        where T : Decision
    {
        var decisions = Run(command);
        var decision = Assert.Single(decisions);
        return Assert.IsType<T>(decision);
    }

    public RejectReason RunRejected(Command command) => RunSingle<Rejected>(command).Reason;

    public OrderHeld Hold(long sessionId, long buyerId, params int[] seats) =>
        RunSingle<OrderHeld>(new Purchase(Guid.NewGuid(), sessionId, buyerId, SeatRequest.Explicit(seats)));
}
