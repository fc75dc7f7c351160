using System.Diagnostics;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;
using TicketBooking.Engine.Pipeline;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Host.Demo;

/// <summary>
/// A ticket drop in one process: buyers rush a 20,000-seat hall, most pay, some are declined, some
/// walk away and their holds expire. Then the journal is folded again to check that nothing was sold twice.
/// </summary>
internal static class DropDemo
{
    private const long SessionId = 1;
    private const long HoldTimeoutMs = 120_000;
    private static readonly string[] CategoryNames = ["premium", "standard", "balcony"];

    public static async Task<int> RunAsync(int purchases, int seed, TextWriter output, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var journal = new InMemoryDecisionJournal();
        var progress = new JournalProgress();
        var pipeline = new PartitionPipeline(0, new EngineState(), journal, observer: progress);
        var clock = new DemoClock();
        var stopwatch = Stopwatch.StartNew();

        var layout = HallLayout();
        pipeline.Submit(clock.NextInput(), clock.NowMs, new OpenSession(SessionId, layout, [9_000, 6_000, 3_500], HoldTimeoutMs, 6, clock.NowMs + 86_400_000));
        for (var i = 0; i < purchases; i++)
        {
            pipeline.Submit(clock.NextInput(), clock.NowMs, NextPurchase(random, i, layout.SeatCount));
        }

        await progress.WaitForInputAsync(clock.LastInput, pipeline.Completion, cancellationToken).ConfigureAwait(false);

        // The wallet's part, played here: 85% pay, 10% are declined, 5% never answer.
        foreach (var held in journal.Decisions.OfType<OrderHeld>().ToList())
        {
            var roll = random.Next(100);
            Command? payment = roll < 85 ? new PaymentSucceeded(held.OrderId, SessionId)
                : roll < 95 ? new PaymentFailed(held.OrderId, SessionId, "card declined")
                : null;
            if (payment is not null)
            {
                pipeline.Submit(clock.NextInput(), clock.NowMs, payment);
            }
        }

        clock.Advance(HoldTimeoutMs);
        pipeline.Submit(clock.NextInput(), clock.NowMs, Tick.Instance);
        await pipeline.ShutdownAsync().ConfigureAwait(false);
        stopwatch.Stop();

        var decisions = journal.Decisions.ToList();
        DropReport.Write(output, pipeline.Engine.State.Sessions[SessionId], CategoryNames, clock.LastInput, decisions, journal.Batches.Count, stopwatch.Elapsed);
        return DropReport.Audit(output, pipeline.Engine.State, decisions) ? 0 : 1;
    }

    /// <summary>100 rows of 200 seats: 20 premium rows at the front, then 50 standard, then 30 balcony.</summary>
    private static SessionLayout HallLayout() => new(
        [.. Enumerable.Range(0, 100).Select(row => new RowLayout(
            $"R{row + 1}",
            Enumerable.Repeat((byte)(row < 20 ? 0 : row < 70 ? 1 : 2), 200).ToArray()))]);

    /// <summary>Half the buyers pick seats on the map, crowding the best rows; the others ask for 1-4 adjacent seats.</summary>
    private static Purchase NextPurchase(Random random, int index, int seatCount)
    {
        var orderId = new Guid(index + 1, 0, 0, new byte[8]);
        var buyer = random.Next(seatCount * 3);
        var count = 1 + random.Next(4);
        if (random.Next(2) == 0)
        {
            return new Purchase(orderId, SessionId, buyer, SeatRequest.Adjacent(count, random.Next(3)));
        }

        var first = random.Next(seatCount / 5);
        return new Purchase(orderId, SessionId, buyer, SeatRequest.Explicit([.. Enumerable.Range(first, count).Where(seat => seat < seatCount)]));
    }
}
