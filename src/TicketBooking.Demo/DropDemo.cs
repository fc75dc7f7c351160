using System.Diagnostics;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;
using TicketBooking.Engine.Pipeline;
using TicketBooking.Engine.State;

namespace TicketBooking.Demo;

/// <summary>
/// A ticket drop in one process: buyers rush a 20,000-seat hall, most pay, some are declined, some
/// walk away and their holds expire. Then the journal is folded again to check that nothing was sold twice.
/// </summary>
internal static class DropDemo
{
    private const long SessionId = 1;

    public static async Task<int> RunAsync(int purchases, int seed, TextWriter output, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var journal = new InMemoryDecisionJournal();
        var progress = new JournalProgress();
        var pipeline = new PartitionPipeline(0, new EngineState(), journal, observer: progress);
        var clock = new DemoClock();
        var stopwatch = Stopwatch.StartNew();

        pipeline.Submit(clock.NextInput(), clock.NowMs, DemoDrop.Open(SessionId, clock.NowMs));
        for (var i = 0; i < purchases; i++)
        {
            pipeline.Submit(clock.NextInput(), clock.NowMs, DemoDrop.Purchase(random, SessionId));
        }

        await progress.WaitForInputAsync(clock.LastInput, pipeline.Completion, cancellationToken).ConfigureAwait(false);

        foreach (var held in journal.Decisions.OfType<OrderHeld>().ToList())
        {
            if (DemoDrop.Payment(random, held) is { } payment)
            {
                pipeline.Submit(clock.NextInput(), clock.NowMs, payment);
            }
        }

        clock.Advance(DemoDrop.HoldTimeoutMs);
        pipeline.Submit(clock.NextInput(), clock.NowMs, Tick.Instance);
        await pipeline.ShutdownAsync().ConfigureAwait(false);
        stopwatch.Stop();

        var decisions = journal.Decisions.ToList();
        DropReport.Write(output, pipeline.Engine.State.Sessions[SessionId], DemoDrop.CategoryNames, clock.LastInput, decisions, journal.Batches.Count, stopwatch.Elapsed);
        return DropReport.Audit(output, pipeline.Engine.State, decisions) ? 0 : 1;
    }
}
