using CsCheck;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Promotions;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Tests;

/// <summary>
/// Random purchases with promo codes and points, payments, cancellations and expiries: no code is used more often than
/// it may be, no buyer more often than allowed, every price adds up, and the journal's fold and a snapshot rebuild
/// the live counts.
/// </summary>
public class PromoCodePropertyTests
{
    private const int Iterations = 300;
    private const ulong Seed = 20261203;

    private static readonly PromoCodeTerms[] Codes =
    [
        new(1, "FEW", PromoKind.Percent, 25, 0, long.MaxValue, MaxUses: 3, MaxUsesPerBuyer: 1, [0, 1], []),
        new(2, "FIXED", PromoKind.Fixed, 2_500, 0, long.MaxValue, MaxUses: 0, MaxUsesPerBuyer: 2, [0], [0, 2]),
        new(3, "WINDOW", PromoKind.Percent, 100, 50_000, 400_000, MaxUses: 5, MaxUsesPerBuyer: 0, [1], [1]),
    ];

    private static readonly string?[] TypedCodes = [null, null, "few", "FIXED", " window ", "NOPE", "x"];

    private sealed record Step(int Kind, int Session, int Buyer, int Count, int Category, int Code, long Points, int OrderRef, long AdvanceMs);

    private static readonly Gen<Step[]> Scripts = Gen.Select(
        Gen.Frequency((6, Gen.Const(0)), (3, Gen.Const(1)), (2, Gen.Const(2)), (2, Gen.Const(3)), (2, Gen.Const(4))),
        Gen.Int[0, 1],
        Gen.Int[1, 6],
        Gen.Int[1, 3],
        Gen.Int[0, 2],
        Gen.Int[0, TypedCodes.Length - 1],
        Gen.Long[-1, 12_000],
        Gen.Int[0, 1000],
        Gen.Long[0, 30_000],
        (kind, session, buyer, count, category, code, points, orderRef, advance) => new Step(kind, session, buyer, count, category, code, points, orderRef, advance))
        .Array[1, 120];

    private static IEnumerable<(long AdvanceMs, Command Command)> Commands(Step[] script)
    {
        var layout = EngineHarness.Hall(DropScenario.Rows, DropScenario.SeatsPerRow, (row, seat) => (byte)((row + seat) % 3));
        yield return (0, EngineHarness.Open(0, layout, maxSeatsPerBuyer: 6));
        yield return (0, EngineHarness.Open(1, layout, maxSeatsPerBuyer: 6));
        foreach (var terms in Codes)
        {
            yield return (0, new DefinePromoCode(terms));
        }

        var orders = new List<(Guid Id, long Session, long Buyer)>();
        for (var i = 0; i < script.Length; i++)
        {
            var step = script[i];
            var earlier = orders.Count == 0 ? (Guid.Empty, step.Session, step.Buyer) : orders[step.OrderRef % orders.Count];
            switch (step.Kind)
            {
                case 0:
                    var orderId = new Guid(i + 1, 0, 0, new byte[8]);
                    orders.Add((orderId, step.Session, step.Buyer));
                    yield return (step.AdvanceMs / 10, new Purchase(orderId, step.Session, step.Buyer, SeatRequest.Adjacent(step.Count, step.Category), TypedCodes[step.Code], step.Points));
                    break;
                case 1:
                    yield return (step.AdvanceMs / 10, new PaymentSucceeded(earlier.Id, earlier.Session));
                    break;
                case 2:
                    yield return (step.AdvanceMs / 10, new PaymentFailed(earlier.Id, earlier.Session, "declined"));
                    break;
                case 3:
                    yield return (step.AdvanceMs / 10, new Cancel(earlier.Id, earlier.Session, earlier.Buyer));
                    break;
                default:
                    yield return (step.AdvanceMs, Tick.Instance);
                    break;
            }
        }
    }

    [Fact]
    public void Uses_never_pass_the_limits_and_every_price_adds_up()
    {
        var seen = new HashSet<RejectReason>();
        var discounted = 0;
        FixedSeeds.Check(
            Scripts,
            script =>
            {
                var h = new EngineHarness();
                foreach (var (advance, command) in Commands(script))
                {
                    h.NowMs += advance;
                    var decisions = h.Run(command);
                    foreach (var held in decisions.OfType<OrderHeld>())
                    {
                        AssertPriceAddsUp(h.Engine.State, held, (Purchase)command);
                        discounted += held.Discounts is { PromoCodeId: not 0 } ? 1 : 0;
                    }

                    seen.UnionWith(decisions.OfType<Rejected>().Select(rejected => rejected.Reason));
                    AssertUsesWithinLimits(h.Engine.State);
                }
            },
            Iterations,
            Seed);

        // The scripts reach the limits they are meant to test.
        Assert.True(discounted > Iterations, $"{discounted} discounted holds");
        Assert.Superset(
            new HashSet<RejectReason> { RejectReason.PromoCodeUsedUp, RejectReason.PromoCodeBuyerLimit, RejectReason.PromoCodeNotActive, RejectReason.PromoCodeNotApplicable, RejectReason.UnknownPromoCode, RejectReason.InvalidRequest },
            seen);
    }

    [Fact]
    public void The_journals_fold_and_a_snapshot_rebuild_the_live_uses() =>
        FixedSeeds.Check(
            Gen.Select(Scripts, Gen.Int[0, 100]),
            pair =>
            {
                var (script, cutPercent) = pair;
                var commands = Commands(script).ToList();
                var cut = commands.Count * cutPercent / 100;
                var h = new EngineHarness();
                foreach (var (advance, command) in commands.Take(cut))
                {
                    h.NowMs += advance;
                    h.Run(command);
                }

                var restored = new TicketEngine(SnapshotCodec.Deserialize(SnapshotCodec.Serialize(h.Engine.State)));
                var input = h.Engine.State.LastInputSequence;
                foreach (var (advance, command) in commands.Skip(cut))
                {
                    h.NowMs += advance;
                    var expected = h.Run(command);
                    var actual = new List<Decision>();
                    restored.Execute(new EngineInput(++input, h.NowMs, command), actual);
                    Assert.Equal(EngineCodec.Serialize(expected), EngineCodec.Serialize(actual));
                }

                var folded = new EngineState();
                foreach (var decision in EngineCodec.DeserializeDecisions(EngineCodec.Serialize(h.Journal)))
                {
                    folded.Apply(decision);
                }

                foreach (var state in new[] { restored.State, folded })
                {
                    InvariantChecks.AssertSameState(h.Engine.State, state);
                    foreach (var (id, live) in h.Engine.State.PromoCodes)
                    {
                        Assert.Equal(live.Uses, state.PromoCodes[id].Uses);
                        Assert.Equal(live.UsesByBuyer.OrderBy(kv => kv.Key), state.PromoCodes[id].UsesByBuyer.OrderBy(kv => kv.Key));
                    }
                }
            },
            Iterations,
            Seed);

    private static void AssertPriceAddsUp(EngineState state, OrderHeld held, Purchase purchase)
    {
        var session = state.Sessions[held.SessionId];
        var list = held.Seats.Sum(seat => session.CategoryPrices[session.Seats.CategoryOf(seat)]);
        Assert.Equal(list, held.ListAmount);
        Assert.InRange(held.Amount, 0, list);
        if (held.Discounts is not { } discounts)
        {
            Assert.Equal(list, held.Amount);
            Assert.True(purchase.PromoCode is null);
            return;
        }

        Assert.Equal(discounts.ListAmount - discounts.PromoDiscount - discounts.PointsSpent, held.Amount);
        Assert.InRange(discounts.PointsSpent, 0, purchase.PointsToSpend);
        Assert.InRange(discounts.PromoDiscount, 0, list);
        Assert.Equal(purchase.PromoCode is null ? 0 : Codes.Single(c => string.Equals(c.Code, purchase.PromoCode.Trim(), StringComparison.OrdinalIgnoreCase)).PromoCodeId, discounts.PromoCodeId);
    }

    // Counted from the orders themselves, not from the engine's counters.
    private static void AssertUsesWithinLimits(EngineState state)
    {
        var live = state.Orders.Values.Where(o => o.OccupiesSeats && o.PromoCodeId != 0).ToList();
        foreach (var terms in Codes.Where(c => state.PromoCodes.ContainsKey(c.PromoCodeId)))
        {
            var uses = live.Where(o => o.PromoCodeId == terms.PromoCodeId).ToList();
            Assert.Equal(uses.Count, state.PromoCodes[terms.PromoCodeId].Uses);
            if (terms.MaxUses > 0)
            {
                Assert.InRange(uses.Count, 0, terms.MaxUses);
            }

            if (terms.MaxUsesPerBuyer > 0)
            {
                Assert.All(uses.GroupBy(o => o.BuyerId), buyer => Assert.InRange(buyer.Count(), 1, terms.MaxUsesPerBuyer));
            }
        }
    }
}
