using TicketBooking.Engine.Decisions;

namespace TicketBooking.Engine.Pipeline;

/// <summary>
/// The decisions of consecutive inputs, written to the journal as one unit. <see cref="LastInputSequence"/>
/// is the input the partition has handled up to, decisions or not: a restart resumes after it.
/// </summary>
public sealed record JournalBatch(int Partition, long LastInputSequence, IReadOnlyList<Decision> Decisions)
{
    public long FirstDecisionSequence => Decisions[0].Sequence;

    public long LastDecisionSequence => Decisions[^1].Sequence;
}
