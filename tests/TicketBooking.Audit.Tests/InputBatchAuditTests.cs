using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;

namespace TicketBooking.Audit.Tests;

/// <summary>The journal audit over input batches: one own outcome per command of a batch.</summary>
public class InputBatchAuditTests
{
    [Fact]
    public void Holds_expire_once_before_the_batch_and_the_auditor_expects_one_outcome_per_command()
    {
        var log = new RecordedLog();
        log.Run(EngineHarness.Open(1, EngineHarness.Hall(1, 10)));
        var expiring = log.Hold(1, 1, 0);
        log.NowMs += EngineHarness.HoldTimeoutMs;
        var decisions = log.Run(new InputBatch([
            new Purchase(Guid.NewGuid(), 1, 2, SeatRequest.Explicit(0)),
            new PaymentSucceeded(expiring.OrderId, 1),
        ]));

        Assert.IsType<OrderExpired>(decisions[0]);
        Assert.IsType<OrderHeld>(decisions[1]);
        Assert.Equal(RefundReason.LatePayment, Assert.IsType<RefundDue>(decisions[2]).Reason);

        var report = Audit(log.Batches, log.Inputs);
        Assert.True(report.Ok, string.Join("; ", report.Findings.Select(f => f.Message)));

        var missingOne = log.Batches.Select(b => b with { Decisions = [.. b.Decisions.Where(d => d is not RefundDue)] });
        Assert.Contains(Audit(missingOne, log.Inputs).Findings, f => f.Code == AuditCodes.MissingOutcome);
    }

    private static AuditReport Audit(IEnumerable<JournalBatch> batches, IEnumerable<EngineInput> inputs)
    {
        var auditor = new JournalAuditor(RecordedLog.Partition);
        foreach (var batch in batches)
        {
            auditor.AddBatch(batch);
        }

        foreach (var input in inputs)
        {
            auditor.AddInput(input);
        }

        return auditor.Complete();
    }
}
