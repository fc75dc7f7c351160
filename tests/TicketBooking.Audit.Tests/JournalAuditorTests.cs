using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Engine.State;

namespace TicketBooking.Audit.Tests;

public class JournalAuditorTests
{
    [Fact]
    public void A_clean_journal_with_its_inputs_passes()
    {
        var log = RecordedLog.Clean();

        var report = Audit(log.Batches, log.Inputs);

        Assert.Empty(report.Findings);
        Assert.True(report.Ok);
        Assert.Equal(3, report.Batches);
        Assert.Equal(log.Engine.State.LastDecisionSequence, report.Decisions);
        Assert.Equal(log.Inputs.Count, report.InputsChecked);
    }

    [Fact]
    public void The_fold_equals_the_live_state()
    {
        var log = RecordedLog.Clean();
        var auditor = new JournalAuditor(RecordedLog.Partition);
        foreach (var batch in log.Batches)
        {
            auditor.AddBatch(batch);
        }

        Assert.True(auditor.FoldIntact);
        Assert.Null(StateComparer.FirstDifference(log.Engine.State, auditor.State));
    }

    [Fact]
    public void A_gap_in_decision_sequences_is_found()
    {
        var batches = RecordedLog.Clean().Batches.ToList();
        batches[1] = batches[1] with { Decisions = [.. batches[1].Decisions.Where(d => d.Sequence != 6)] };

        var report = Audit(batches);

        var finding = Assert.Single(report.Findings, f => f.Code == AuditCodes.DecisionGap);
        Assert.Contains("Decision 7 follows decision 5", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_seat_held_twice_is_found()
    {
        var log = RecordedLog.Clean();
        var batches = log.Batches.ToList();
        var last = log.Engine.State.LastDecisionSequence;
        var paid = log.Engine.State.Orders.Values.First(o => o.Status == OrderStatus.Confirmed);
        var forged = new OrderHeld(last + 1, log.Inputs[^1].Sequence, Guid.NewGuid(), 1, 99, [paid.Seats[0]], 5_000, long.MaxValue);
        batches.Add(new JournalBatch(RecordedLog.Partition, log.Inputs[^1].Sequence, [forged]));

        var report = Audit(batches);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(AuditCodes.SeatTakenTwice, finding.Code);
        Assert.Contains($"seat {paid.Seats[0]} of session 1", finding.Message, StringComparison.Ordinal);
        Assert.Contains(paid.OrderId.ToString(), finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_without_an_outcome_is_found()
    {
        var log = new RecordedLog();
        log.Run(EngineHarness.Open(1, EngineHarness.Hall(1, 10)));
        log.NextSequence++; // input 2 is in the log, but the engine never saw it
        log.Hold(1, 1, 0);
        var inputs = log.Inputs.Append(new EngineInput(2, log.NowMs, new Purchase(Guid.NewGuid(), 1, 2, SeatRequest.Explicit(1)))).OrderBy(i => i.Sequence);

        var report = Audit(log.Batches, inputs);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(AuditCodes.MissingOutcome, finding.Code);
        Assert.Contains("Input 2 (Purchase)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_outcomes_for_one_input_and_a_decision_for_an_input_not_logged_are_found()
    {
        var log = new RecordedLog();
        log.Run(EngineHarness.Open(1, EngineHarness.Hall(1, 10)));
        log.Hold(1, 1, 0);
        var batches = log.Batches.ToList();
        batches.Add(new JournalBatch(RecordedLog.Partition, 5, [
            new Rejected(3, 2, CommandKind.Purchase, Guid.NewGuid(), 1, 2, RejectReason.SeatTaken),
            new Rejected(4, 5, CommandKind.Cancel, Guid.NewGuid(), 1, 2, RejectReason.UnknownOrder),
        ]));

        var report = Audit(batches, log.Inputs);

        Assert.Equal([AuditCodes.ExtraOutcome, AuditCodes.UnknownInput], report.Findings.Select(f => f.Code));
        Assert.Contains("input 5", report.Findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hold_left_past_its_deadline_is_found()
    {
        var log = new RecordedLog();
        log.Run(EngineHarness.Open(1, EngineHarness.Hall(1, 10)));
        var held = log.Hold(1, 1, 0);
        log.Run(Tick.Instance);

        // The log says the tick came after the deadline, but the journal never expired the hold.
        var inputs = log.Inputs.Select(i => i.Command is Tick ? i with { TimestampMs = held.DeadlineMs } : i);
        var report = Audit(log.Batches, inputs);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(AuditCodes.HoldNotSettled, finding.Code);
        Assert.Contains(held.OrderId.ToString(), finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Confirming_an_expired_hold_is_an_illegal_transition()
    {
        var log = new RecordedLog();
        log.Run(EngineHarness.Open(1, EngineHarness.Hall(1, 10)));
        var held = log.Hold(1, 1, 0);
        log.NowMs = held.DeadlineMs;
        log.Run(Tick.Instance);
        var batches = log.Batches.ToList();
        var last = log.Engine.State.LastDecisionSequence;
        batches.Add(new JournalBatch(RecordedLog.Partition, 3, [new OrderConfirmed(last + 1, 3, held.OrderId, 1, [0], 1)]));

        var report = Audit(batches);

        Assert.Equal(AuditCodes.IllegalTransition, Assert.Single(report.Findings).Code);
    }

    [Fact]
    public void An_extended_hold_audits_clean_and_an_extension_beyond_the_sessions_limit_is_found()
    {
        var log = new RecordedLog();
        log.Run(EngineHarness.Open(1, EngineHarness.Hall(1, 10), maxHoldExtensions: 1));
        var held = log.Hold(1, 1, 0);
        log.NowMs += 30_000;
        var extended = Assert.IsType<HoldExtended>(Assert.Single(log.Run(new ExtendHold(held.OrderId, 1, 1))));
        log.NowMs = extended.NewDeadlineMs;
        log.Run(Tick.Instance);
        Assert.Empty(Audit(log.Batches, log.Inputs).Findings);

        var forged = new HoldExtended(extended.Sequence, extended.InputSequence, held.OrderId, 1, extended.NewDeadlineMs, 2);
        var batches = log.Batches.Select(batch => batch with { Decisions = [.. batch.Decisions.Select(d => d.Sequence == extended.Sequence ? forged : d)] });

        var finding = Assert.Single(Audit(batches).Findings);
        Assert.Equal(AuditCodes.ExtensionBeyondLimit, finding.Code);
        Assert.Contains(held.OrderId.ToString(), finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_headers_are_checked()
    {
        var batches = RecordedLog.Clean().Batches.ToList();
        batches[1] = batches[1] with { Partition = 4 };
        batches[2] = batches[2] with { LastInputSequence = 1 };

        var report = Audit(batches);

        Assert.Contains(report.Findings, f => f.Code == AuditCodes.PartitionMismatch);
        Assert.Contains(report.Findings, f => f.Code == AuditCodes.InputPositionDecreased);
        Assert.Contains(report.Findings, f => f.Code == AuditCodes.InputOutOfOrder);
    }

    [Fact]
    public void A_decision_for_an_unknown_order_stops_the_fold_with_one_finding()
    {
        var batches = RecordedLog.Clean().Batches.ToList();
        var last = batches[^1].LastDecisionSequence;
        batches.Add(new JournalBatch(RecordedLog.Partition, batches[^1].LastInputSequence, [
            new OrderReleased(last + 1, batches[^1].LastInputSequence, Guid.NewGuid(), 1, [7], "declined"),
            new SessionClosed(last + 2, batches[^1].LastInputSequence, 1),
        ]));

        var report = Audit(batches);

        Assert.Equal(AuditCodes.FoldFailed, Assert.Single(report.Findings).Code);
    }

    [Fact]
    public void The_state_at_a_checkpoint_equals_a_snapshot_taken_there()
    {
        var log = new RecordedLog();
        log.Run(EngineHarness.Open(1, EngineHarness.Hall(2, 10)));
        var first = log.Hold(1, 1, 0, 1);
        log.Run(new PaymentSucceeded(first.OrderId, 1));
        var snapshot = SnapshotCodec.Deserialize(SnapshotCodec.Serialize(log.Engine.State));
        log.Hold(1, 2, 2);
        log.Run(new CloseSession(1));

        var auditor = new JournalAuditor(RecordedLog.Partition);
        auditor.KeepStateAt(snapshot.LastDecisionSequence);
        foreach (var batch in log.Batches)
        {
            auditor.AddBatch(batch);
        }

        Assert.Single(log.Batches);
        Assert.NotNull(auditor.StateAtCheckpoint);
        Assert.Null(StateComparer.FirstDifference(snapshot, auditor.StateAtCheckpoint));
        Assert.NotNull(StateComparer.FirstDifference(snapshot, auditor.State));
    }

    private static AuditReport Audit(IEnumerable<JournalBatch> batches, IEnumerable<EngineInput>? inputs = null)
    {
        var auditor = new JournalAuditor(RecordedLog.Partition);
        foreach (var batch in batches)
        {
            auditor.AddBatch(batch);
        }

        foreach (var input in inputs ?? [])
        {
            auditor.AddInput(input);
        }

        return auditor.Complete();
    }
}
