using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;

namespace TicketBooking.Audit.Tests;

/// <summary>Runs commands through a <see cref="TicketEngine"/> and keeps both sides: the input log and the journal.</summary>
internal sealed class RecordedLog
{
    public const int Partition = 3;

    private readonly List<JournalBatch> _batches = [];
    private readonly List<Decision> _pending = [];
    private long _pendingLastInput;

    public TicketEngine Engine { get; } = new();

    public List<EngineInput> Inputs { get; } = [];

    public long NextSequence { get; set; } = 1;

    public long NowMs { get; set; } = 1_000;

    public IReadOnlyList<JournalBatch> Batches
    {
        get
        {
            Flush();
            return _batches;
        }
    }

    public IReadOnlyList<Decision> Run(Command command)
    {
        var input = new EngineInput(NextSequence++, NowMs, command);
        Inputs.Add(input);
        var decisions = new List<Decision>();
        Engine.Execute(input, decisions);
        _pending.AddRange(decisions);
        _pendingLastInput = input.Sequence;
        return decisions;
    }

    public OrderHeld Hold(long sessionId, long buyerId, params int[] seats) =>
        Assert.IsType<OrderHeld>(Assert.Single(Run(new Purchase(Guid.NewGuid(), sessionId, buyerId, SeatRequest.Explicit(seats)))));

    /// <summary>Ends the current batch: what ran since the last flush becomes one journal batch.</summary>
    public void Flush()
    {
        if (_pendingLastInput == 0)
        {
            return;
        }

        _batches.Add(new JournalBatch(Partition, _pendingLastInput, [.. _pending]));
        _pending.Clear();
        _pendingLastInput = 0;
    }

    /// <summary>A session, two paid orders, a declined one, a cancelled one, a late payment and an expiry, over three batches.</summary>
    public static RecordedLog Clean()
    {
        var log = new RecordedLog();
        log.Run(EngineHarness.Open(1, EngineHarness.Hall(3, 10)));
        var paid = log.Hold(1, 1, 0, 1);
        log.Run(new PaymentSucceeded(paid.OrderId, 1));
        var declined = log.Hold(1, 2, 2);
        log.Flush();
        log.Run(new PaymentFailed(declined.OrderId, 1, "declined"));
        var cancelled = log.Hold(1, 3, 3, 4);
        log.Run(new PaymentSucceeded(cancelled.OrderId, 1));
        log.Run(new Cancel(cancelled.OrderId, 1, 3));
        var expiring = log.Hold(1, 4, 5);
        log.Run(Tick.Instance);
        log.Flush();
        log.NowMs += EngineHarness.HoldTimeoutMs;
        log.Run(Tick.Instance);
        log.Run(new PaymentSucceeded(expiring.OrderId, 1));
        log.Run(new Purchase(Guid.NewGuid(), 1, 5, SeatRequest.Explicit(0)));
        log.Flush();
        return log;
    }
}
