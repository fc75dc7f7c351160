using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;

namespace TicketBooking.Projections.Statistics.Tests;

/// <summary>
/// A drop played through the real engine from one seed: two sessions, purchases that collide, payments, failed
/// payments, cancellations of held and paid orders, holds left to expire and payments after that. Every decision comes
/// with the time its input was logged, as a journal batch carries its JetStream timestamp. The engine does not price
/// discounts yet, so some holds get a promo discount and points written onto them, as a later engine would.
/// </summary>
internal sealed record RandomDrop(IReadOnlyList<(Decision Decision, DateTimeOffset JournaledAt)> Journal, TicketEngine Engine)
{
    public static RandomDrop Play(int seed, int inputs)
    {
        var random = new Random(seed);
        var engine = new TicketEngine();
        var journal = new List<(Decision, DateTimeOffset)>();
        var orders = new List<(Guid OrderId, long SessionId, long BuyerId)>();
        var decisions = new List<Decision>();
        var nowMs = 1_780_000_000_000L;
        var sequence = 0L;
        long[] sessions = [11, 12];

        void Run(Command command)
        {
            decisions.Clear();
            engine.Execute(new EngineInput(++sequence, nowMs, command), decisions);
            var at = DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
            foreach (var decision in decisions)
            {
                journal.Add((decision is OrderHeld held && random.Next(3) == 0 ? Discounted(held, random) : decision, at));
            }
        }

        foreach (var session in sessions)
        {
            var layout = new SessionLayout([.. Enumerable.Range(0, random.Next(1, 4)).Select(row => new RowLayout($"R{row}", Enumerable.Repeat((byte)(row % 2), random.Next(4, 9)).ToArray()))]);
            Run(new OpenSession(session, layout, [7_000, 4_000], 30_000, 6, nowMs + 86_400_000));
        }

        for (var i = 0; i < inputs; i++)
        {
            nowMs += random.Next(0, 20_000);
            // Mostly one of the last few orders, which may still be held; now and then any, long final.
            var known = orders.Count == 0 ? default : random.Next(4) == 0 ? orders[random.Next(orders.Count)] : orders[^random.Next(1, Math.Min(4, orders.Count) + 1)];
            switch (random.Next(10))
            {
                case < 4:
                    var session = sessions[random.Next(sessions.Length)];
                    var buyer = random.Next(1, 6);
                    var order = Guid.NewGuid();
                    orders.Add((order, session, buyer));
                    Run(new Purchase(order, session, buyer, random.Next(2) == 0 ? SeatRequest.Adjacent(random.Next(1, 4), random.Next(2)) : SeatRequest.Explicit(random.Next(12))));
                    break;
                case < 7 when known.OrderId != Guid.Empty:
                    Run(new PaymentSucceeded(known.OrderId, known.SessionId));
                    break;
                case 7 when known.OrderId != Guid.Empty:
                    Run(new PaymentFailed(known.OrderId, known.SessionId, "declined"));
                    break;
                case 8 when known.OrderId != Guid.Empty:
                    Run(new Cancel(known.OrderId, known.SessionId, known.BuyerId));
                    break;
                default:
                    Run(Tick.Instance);
                    break;
            }
        }

        return new RandomDrop(journal, engine);
    }

    private static OrderHeld Discounted(OrderHeld held, Random random)
    {
        var promo = random.Next(0, 3_000);
        var points = random.Next(0, 500);
        return held with { Discounts = new OrderDiscounts(held.Amount + promo + points, promo > 0 ? 5 : 0, promo, points) };
    }
}
