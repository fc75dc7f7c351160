using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Tests;

/// <summary>Hold extensions over random drops (<see cref="DropScenario"/>: one session allows two, the other none).</summary>
public class HoldExtensionPropertyTests
{
    private const int Iterations = 400;
    private const ulong Seed = 20261203;

    [Fact]
    public void A_hold_never_expires_before_its_latest_deadline_nor_outlives_it() =>
        FixedSeeds.Check(
            DropScenario.Scripts,
            script =>
            {
                var h = new EngineHarness();
                var deadlines = new Dictionary<Guid, long>();
                foreach (var (advance, command) in DropScenario.Commands(script))
                {
                    h.NowMs += advance;
                    foreach (var decision in h.Run(command))
                    {
                        switch (decision)
                        {
                            case OrderHeld held:
                                deadlines[held.OrderId] = held.DeadlineMs;
                                break;
                            case HoldExtended extended:
                                Assert.True(extended.NewDeadlineMs >= deadlines[extended.OrderId], $"{extended} moved the deadline back.");
                                deadlines[extended.OrderId] = extended.NewDeadlineMs;
                                break;
                            case OrderExpired expired:
                                Assert.True(deadlines[expired.OrderId] <= h.NowMs, $"{expired} at {h.NowMs}, before its deadline {deadlines[expired.OrderId]}.");
                                break;
                        }
                    }

                    Assert.DoesNotContain(h.Engine.State.Orders.Values, order => order.Status == OrderStatus.Held && order.DeadlineMs <= h.NowMs);
                }
            },
            Iterations,
            Seed);

    [Fact]
    public void No_hold_is_extended_more_often_than_its_session_allows()
    {
        var seen = new Dictionary<string, int>();
        FixedSeeds.Check(
            DropScenario.Scripts,
            script =>
            {
                var h = new EngineHarness();
                foreach (var (advance, command) in DropScenario.Commands(script))
                {
                    h.NowMs += advance;
                    h.Run(command);
                }

                Count(seen, h.Journal);
                var extensions = h.Journal.OfType<HoldExtended>().GroupBy(extended => extended.OrderId).ToList();
                foreach (var order in extensions)
                {
                    var allowed = h.Engine.State.Sessions[order.First().SessionId].MaxHoldExtensions;
                    Assert.Equal(Enumerable.Range(1, order.Count()), order.Select(extended => extended.ExtensionsUsed));
                    Assert.InRange(order.Count(), 1, allowed);
                    Assert.Equal(order.Count(), h.Engine.State.Orders[order.Key].ExtensionsUsed);
                }
            },
            Iterations,
            Seed);

        // The scripts reach every answer: extensions, the limit, a session without extensions, a stranger's request.
        Assert.All(
            [nameof(HoldExtended), nameof(RejectReason.HoldExtensionLimit), nameof(RejectReason.HoldExtensionsDisabled), nameof(RejectReason.NotOrderOwner)],
            kind => Assert.True(seen.GetValueOrDefault(kind) > 0, $"No {kind} in {Iterations} scripts."));
    }

    private static void Count(Dictionary<string, int> seen, IEnumerable<Decision> journal)
    {
        foreach (var decision in journal)
        {
            var kind = decision switch
            {
                HoldExtended => nameof(HoldExtended),
                Rejected { Command: CommandKind.ExtendHold } rejected => rejected.Reason.ToString(),
                _ => null,
            };
            if (kind is not null)
            {
                seen[kind] = seen.GetValueOrDefault(kind) + 1;
            }
        }
    }

    [Fact]
    public void Folding_or_restoring_a_journal_with_extensions_gives_the_same_state_and_the_same_expiries() =>
        FixedSeeds.Check(
            DropScenario.Scripts,
            script =>
            {
                var h = new EngineHarness();
                foreach (var (advance, command) in DropScenario.Commands(script))
                {
                    h.NowMs += advance;
                    h.Run(command);
                }

                var folded = new EngineState();
                foreach (var decision in EngineCodec.DeserializeDecisions(EngineCodec.Serialize(h.Journal)))
                {
                    folded.Apply(decision);
                }

                InvariantChecks.AssertSameState(h.Engine.State, folded);
                var restored = new TicketEngine(SnapshotCodec.Deserialize(SnapshotCodec.Serialize(folded)));
                var late = h.NowMs + (EngineHarness.HoldTimeoutMs * (DropScenario.HoldExtensions + 2));
                var next = h.Engine.State.LastInputSequence + 1;
                var expected = new List<Decision>();
                var actual = new List<Decision>();
                h.Engine.Execute(new EngineInput(next, late, Commands.Tick.Instance), expected);
                restored.Execute(new EngineInput(next, late, Commands.Tick.Instance), actual);
                Assert.Equal(EngineCodec.Serialize(expected), EngineCodec.Serialize(actual));
                Assert.Equal(0, restored.State.PendingHolds);
            },
            Iterations,
            Seed);
}
