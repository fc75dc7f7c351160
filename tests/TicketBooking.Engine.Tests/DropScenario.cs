using CsCheck;
using TicketBooking.Engine.Commands;

namespace TicketBooking.Engine.Tests;

/// <summary>
/// Random command sequences from many buyers over two small halls, for property tests. The first session lets a
/// hold be extended <see cref="HoldExtensions"/> times, the second never.
/// </summary>
internal static class DropScenario
{
    public const int SessionCount = 2;
    public const int Rows = 3;
    public const int SeatsPerRow = 8;
    public const int HoldExtensions = 2;

    /// <summary>A step of the script; orders are referred to by index so that payments and cancels hit real orders.</summary>
    public sealed record Step(int Kind, int Session, int Buyer, int[] Seats, int Count, int Category, int OrderRef, long AdvanceMs);

    private static readonly Gen<int[]> SeatIds = Gen.Int[-1, Rows * SeatsPerRow].Array[1, 4];

    public static readonly Gen<Step> Steps = Gen.Select(
        Gen.Frequency((5, Gen.Const(0)), (3, Gen.Const(1)), (3, Gen.Const(2)), (1, Gen.Const(3)), (1, Gen.Const(4)), (2, Gen.Const(5)), (1, Gen.Const(6)), (1, Gen.Const(7)), (2, Gen.Const(8))),
        Gen.Int[0, SessionCount],
        Gen.Int[0, 12],
        SeatIds,
        Gen.Int[0, 5],
        Gen.Int[0, 2],
        Gen.Int[0, 1000],
        Gen.Long[0, 40_000],
        (kind, session, buyer, seats, count, category, orderRef, advance) => new Step(kind, session, buyer, seats, count, category, orderRef, advance));

    public static readonly Gen<Step[]> Scripts = Steps.Array[1, 150];

    /// <summary>Turns a script into commands; order ids come from the step index so runs repeat exactly.</summary>
    public static IEnumerable<(long AdvanceMs, Command Command)> Commands(Step[] script)
    {
        var layout = EngineHarness.Hall(Rows, SeatsPerRow, (row, seat) => (byte)((row + seat) % 3));
        for (var session = 0; session < SessionCount; session++)
        {
            yield return (0, EngineHarness.Open(session, layout, maxSeatsPerBuyer: 6, maxHoldExtensions: session == 0 ? HoldExtensions : 0));
        }

        var orders = new List<(Guid Id, long Session, long Buyer)>();
        for (var i = 0; i < script.Length; i++)
        {
            var step = script[i];
            var earlier = orders.Count == 0 ? (Guid.Empty, step.Session, step.Buyer) : orders[step.OrderRef % orders.Count];
            var orderId = new Guid(i + 1, 0, 0, new byte[8]);
            switch (step.Kind)
            {
                case 0:
                    orders.Add((orderId, step.Session, step.Buyer));
                    yield return (step.AdvanceMs / 10, new Purchase(orderId, step.Session, step.Buyer, SeatRequest.Explicit(step.Seats)));
                    break;
                case 1:
                    orders.Add((orderId, step.Session, step.Buyer));
                    yield return (step.AdvanceMs / 10, new Purchase(orderId, step.Session, step.Buyer, SeatRequest.Adjacent(step.Count, step.Category)));
                    break;
                case 2:
                    yield return (step.AdvanceMs / 10, new PaymentSucceeded(earlier.Id, earlier.Session));
                    break;
                case 3:
                    yield return (step.AdvanceMs / 10, new PaymentFailed(earlier.Id, earlier.Session, "declined"));
                    break;
                case 4:
                    var canceller = step.Buyer % 4 == 0 ? step.Buyer : earlier.Buyer;
                    yield return (step.AdvanceMs / 10, new Cancel(earlier.Id, earlier.Session, canceller));
                    break;
                case 5:
                    yield return (step.AdvanceMs, Tick.Instance);
                    break;
                case 8:
                    var extender = step.Buyer % 4 == 0 ? step.Buyer : earlier.Buyer;
                    yield return (step.AdvanceMs, new ExtendHold(earlier.Id, earlier.Session, extender));
                    break;
                case 6:
                    yield return (0, new Purchase(earlier.Id, earlier.Session, earlier.Buyer, SeatRequest.Explicit(step.Seats)));
                    break;
                default:
                    yield return (0, step.OrderRef % 20 == 0 ? new CloseSession(step.Session) : Tick.Instance);
                    break;
            }
        }
    }
}
