using TicketBooking.Engine.Journal;
using TicketBooking.Engine.Decisions;
using TicketBooking.Sequencing;

namespace TicketBooking.Engine.Pipeline;

/// <summary>
/// Stage 2: gathers the decisions of whatever the business logic finished and journals them as one
/// batch at the end of each ring batch (or when the batch is full), then tells the observer.
/// While it waits for the journal, stage 1 runs ahead and the next batch grows: that is the amortization.
/// </summary>
internal sealed class JournalHandler(
    int partition,
    IDecisionJournal journal,
    int maxBatchDecisions,
    IPartitionObserver? observer) : IEventHandler<InputSlot>
{
    private readonly List<Decision> _pending = new(maxBatchDecisions);

    public void OnEvent(InputSlot data, long sequence, bool endOfBatch)
    {
        _pending.AddRange(data.Decisions);
        if ((endOfBatch || _pending.Count >= maxBatchDecisions) && _pending.Count > 0)
        {
            Flush(data.Sequence);
        }
    }

    private void Flush(long lastInputSequence)
    {
        var batch = new JournalBatch(partition, lastInputSequence, [.. _pending]);
        _pending.Clear();
        var append = journal.AppendAsync(batch, CancellationToken.None);
        if (!append.IsCompletedSuccessfully)
        {
            append.AsTask().GetAwaiter().GetResult();
        }

        observer?.OnDurable(batch);
    }
}
