using CsCheck;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Tests;

public class EnginePropertyTests
{
    private const int Iterations = 400;
    private const ulong Seed = 20261202;

    [Fact]
    public void No_seat_is_ever_in_two_live_orders_and_counts_stay_consistent() =>
        FixedSeeds.Check(
            DropScenario.Scripts,
            script =>
            {
                var h = new EngineHarness();
                foreach (var (advance, command) in DropScenario.Commands(script))
                {
                    h.NowMs += advance;
                    h.Run(command);
                    InvariantChecks.AssertSeatsConsistent(h.Engine.State);
                }
            },
            Iterations,
            Seed);

    [Fact]
    public void Every_input_except_ticks_gets_exactly_one_outcome_of_its_own() =>
        FixedSeeds.Check(
            DropScenario.Scripts,
            script =>
            {
                var h = new EngineHarness();
                var input = 0L;
                foreach (var (advance, command) in DropScenario.Commands(script))
                {
                    h.NowMs += advance;
                    var decisions = h.Run(command);
                    input++;
                    var own = decisions.Where(d => d is not OrderExpired && d is not RefundDue { Reason: RefundReason.Cancelled }).ToList();
                    Assert.All(decisions, d => Assert.Equal(input, d.InputSequence));
                    Assert.Equal(command is Tick ? 0 : 1, own.Count);
                }
            },
            Iterations,
            Seed);

    [Fact]
    public void Folding_the_journal_rebuilds_the_live_state() =>
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
            },
            Iterations,
            Seed);

    [Fact]
    public void An_engine_restored_from_a_snapshot_decides_exactly_as_the_original() =>
        FixedSeeds.Check(
            Gen.Select(DropScenario.Scripts, Gen.Int[0, 100]),
            pair =>
            {
                var (script, cutPercent) = pair;
                var commands = DropScenario.Commands(script).ToList();
                var cut = commands.Count * cutPercent / 100;
                var original = new EngineHarness();
                foreach (var (advance, command) in commands.Take(cut))
                {
                    original.NowMs += advance;
                    original.Run(command);
                }

                var restoredEngine = new TicketEngine(SnapshotCodec.Deserialize(SnapshotCodec.Serialize(original.Engine.State)));
                InvariantChecks.AssertSameState(original.Engine.State, restoredEngine.State);
                var input = original.Engine.State.LastInputSequence;
                var now = original.NowMs;
                foreach (var (advance, command) in commands.Skip(cut))
                {
                    now += advance;
                    original.NowMs = now;
                    var expected = original.Run(command);
                    var actual = new List<Decision>();
                    restoredEngine.Execute(new EngineInput(++input, now, command), actual);
                    Assert.Equal(EngineCodec.Serialize(expected), EngineCodec.Serialize(actual));
                }
            },
            Iterations,
            Seed);
}
