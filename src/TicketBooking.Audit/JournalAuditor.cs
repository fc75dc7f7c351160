using TicketBooking.Engine;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;
using TicketBooking.Engine.State;

namespace TicketBooking.Audit;

/// <summary>
/// Checks one partition's journal against the invariants of the design: give it every batch in
/// journal order (<see cref="AddBatch"/>), then, when the partition's input log is still there,
/// its inputs in log order (<see cref="AddInput"/>), then call <see cref="Complete"/>. Violations are
/// reported as <see cref="AuditFinding"/>s, never thrown. Pure: no I/O, no clock.
/// </summary>
public sealed class JournalAuditor
{
    /// <summary>Findings kept per partition; the rest are only counted, so a badly broken journal cannot exhaust memory.</summary>
    public const int MaxFindings = 1_000;

    private readonly List<AuditFinding> _findings = [];

    // Input sequence -> how many decisions are that input's own outcome (0: named only by expiries it revealed).
    private readonly Dictionary<long, int> _ownOutcomes = [];

    private long _lastSequence;
    private long _lastBatchInput;
    private long _lastDecisionInput;
    private Decision? _previous;
    private bool _folding = true;
    private long _checkpointAt = -1;
    private EngineState? _checkpoint;
    private long _firstInput;
    private long _lastInputTimeMs;
    private bool _inputsStarted;

    public JournalAuditor(int partition)
    {
        Partition = partition;
    }

    public int Partition { get; }

    /// <summary>The fold of the journal so far. Meaningful while <see cref="FoldIntact"/> holds.</summary>
    public EngineState State { get; } = new();

    /// <summary>Whether every decision so far could be applied; after the first that could not, folding stops.</summary>
    public bool FoldIntact => _folding;

    public long Batches { get; private set; }

    public long Decisions { get; private set; }

    /// <summary>The journal's input position: the highest LastInputSequence of its batches.</summary>
    public long LastInputSequence { get; private set; }

    public long InputsChecked { get; private set; }

    public int FindingsOmitted { get; private set; }

    public IReadOnlyList<AuditFinding> Findings => _findings;

    /// <summary>
    /// Keeps a second fold that stops at <paramref name="decisionSequence"/>, to compare with a
    /// snapshot taken there (see <see cref="StateComparer"/>). Call before the first batch.
    /// </summary>
    public void KeepStateAt(long decisionSequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decisionSequence);
        if (Batches > 0)
        {
            throw new InvalidOperationException("KeepStateAt must be called before the first batch.");
        }

        _checkpointAt = decisionSequence;
        _checkpoint = new EngineState();
    }

    /// <summary>The fold at the decision given to <see cref="KeepStateAt"/>; null when the journal did not get there intact.</summary>
    public EngineState? StateAtCheckpoint =>
        _checkpoint is { } state && state.LastDecisionSequence == _checkpointAt ? state : null;

    public void AddBatch(JournalBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_inputsStarted)
        {
            throw new InvalidOperationException("Every batch must come before the first input.");
        }

        Batches++;
        if (batch.Partition != Partition)
        {
            Report(AuditCodes.PartitionMismatch, $"Batch {Batches} of partition {Partition} says partition {batch.Partition}.");
        }

        if (batch.LastInputSequence < _lastBatchInput)
        {
            Report(
                AuditCodes.InputPositionDecreased,
                $"Batch {Batches} covers inputs up to {batch.LastInputSequence}, below the {_lastBatchInput} of the batch before it.");
        }

        foreach (var decision in batch.Decisions)
        {
            Check(decision, batch);
        }

        _lastBatchInput = batch.LastInputSequence;
        LastInputSequence = Math.Max(LastInputSequence, batch.LastInputSequence);
    }

    /// <summary>
    /// One input of the partition's log, in log order, after every batch. Inputs past the journal's
    /// input position are not decided yet and are ignored.
    /// </summary>
    public void AddInput(in EngineInput input)
    {
        _inputsStarted = true;
        if (input.Sequence > LastInputSequence)
        {
            return;
        }

        if (InputsChecked == 0)
        {
            _firstInput = input.Sequence;
        }

        InputsChecked++;
        _lastInputTimeMs = Math.Max(_lastInputTimeMs, input.TimestampMs);
        var own = _ownOutcomes.Remove(input.Sequence, out var count) ? count : 0;
        var kind = input.Command.GetType().Name;
        var expected = TicketEngine.OwnOutcomesOf(input.Command);
        if (expected == 0 && own > 0)
        {
            Report(AuditCodes.ExtraOutcome, $"Tick input {input.Sequence} has {own} outcome(s) of its own; a tick decides nothing.");
        }
        else if (expected > 0 && own < expected)
        {
            Report(AuditCodes.MissingOutcome, $"Input {input.Sequence} ({kind}) has {own} of its {expected} outcome(s) in the journal.");
        }
        else if (own > expected)
        {
            Report(AuditCodes.ExtraOutcome, $"Input {input.Sequence} ({kind}) has {own} outcomes of its own; {expected} allowed.");
        }
    }

    /// <summary>Finishes the checks that need everything: inputs named but not logged, holds left past their deadline.</summary>
    public AuditReport Complete()
    {
        if (InputsChecked > 0)
        {
            foreach (var input in _ownOutcomes.Keys.Where(sequence => sequence >= _firstInput).Order())
            {
                Report(AuditCodes.UnknownInput, $"Decisions name input {input}, which is not in partition {Partition}'s input log.");
            }

            _ownOutcomes.Clear();
            if (_folding)
            {
                foreach (var order in State.Orders.Values.Where(o => o.Status == OrderStatus.Held && o.DeadlineMs <= _lastInputTimeMs).OrderBy(o => o.CreatedSequence))
                {
                    Report(
                        AuditCodes.HoldNotSettled,
                        $"Order {order.OrderId} is still held although the log reached {_lastInputTimeMs} ms, past its deadline {order.DeadlineMs} ms.");
                }
            }
        }

        return new AuditReport(Partition, Batches, Decisions, _lastSequence, LastInputSequence, InputsChecked, [.. _findings])
        {
            FindingsOmitted = FindingsOmitted,
        };
    }

    private void Check(Decision decision, JournalBatch batch)
    {
        Decisions++;
        if (decision.Sequence != _lastSequence + 1)
        {
            Report(AuditCodes.DecisionGap, $"Decision {decision.Sequence} follows decision {_lastSequence}; expected {_lastSequence + 1}.");
            StopFolding();
        }

        if (decision.InputSequence > batch.LastInputSequence)
        {
            Report(
                AuditCodes.InputOutOfOrder,
                $"Decision {decision.Sequence} names input {decision.InputSequence}, after its batch's last input {batch.LastInputSequence}.");
        }

        if (decision.InputSequence < _lastDecisionInput)
        {
            Report(
                AuditCodes.InputOutOfOrder,
                $"Decision {decision.Sequence} names input {decision.InputSequence}, before input {_lastDecisionInput} of the decision before it.");
        }

        var own = OutcomeRules.IsOwnOutcome(decision, _previous) ? 1 : 0;
        _ownOutcomes[decision.InputSequence] = _ownOutcomes.GetValueOrDefault(decision.InputSequence) + own;

        if (_folding)
        {
            Fold(decision);
        }

        _lastSequence = decision.Sequence;
        _lastDecisionInput = decision.InputSequence; // so that one step back is reported once, not for every decision after it
        _previous = decision;
    }

    private void Fold(Decision decision)
    {
        if (FoldRules.SeatClash(State, decision) is { } clash)
        {
            Report(AuditCodes.SeatTakenTwice, clash);
            StopFolding();
            return;
        }

        if (FoldRules.IllegalTransition(State, decision) is { } illegal)
        {
            Report(AuditCodes.IllegalTransition, illegal);
            StopFolding();
            return;
        }

        if (FoldRules.ExtensionBeyondLimit(State, decision) is { } beyond)
        {
            Report(AuditCodes.ExtensionBeyondLimit, beyond);
            StopFolding();
            return;
        }

        try
        {
            State.Apply(decision);
            if (_checkpoint is { } checkpoint && decision.Sequence <= _checkpointAt)
            {
                checkpoint.Apply(decision);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or ArgumentException or IndexOutOfRangeException)
        {
            Report(AuditCodes.FoldFailed, $"Decision {decision.Sequence} ({decision.GetType().Name}) cannot be applied: {e.Message}");
            StopFolding();
        }
    }

    private void StopFolding()
    {
        if (_folding && _checkpoint is { } checkpoint && checkpoint.LastDecisionSequence != _checkpointAt)
        {
            _checkpoint = null;
        }

        _folding = false;
    }

    private void Report(string code, string message)
    {
        if (_findings.Count < MaxFindings)
        {
            _findings.Add(new AuditFinding(code, message));
        }
        else
        {
            FindingsOmitted++;
        }
    }
}
