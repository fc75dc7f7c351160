using MessagePack;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.Engine.Journal;

/// <summary>
/// The decisions of consecutive inputs of one partition, journaled as one unit (one message on
/// <c>tb.out.{partition}</c>). <see cref="LastInputSequence"/> is the input the partition has
/// handled up to, decisions or not: a restart resumes after it.
/// </summary>
[MessagePackObject]
public sealed record JournalBatch(
    [property: Key(0)] int Partition,
    [property: Key(1)] long LastInputSequence,
    [property: Key(2)] IReadOnlyList<Decision> Decisions)
{
    [IgnoreMember]
    public long FirstDecisionSequence => Decisions[0].Sequence;

    [IgnoreMember]
    public long LastDecisionSequence => Decisions[^1].Sequence;
}
