namespace TicketBooking.Engine.Journal;

/// <summary>Where a partition's decisions become durable. A batch is visible to nobody before this returns.</summary>
public interface IDecisionJournal
{
    /// <summary>Appends the batch; throws if it cannot, and the partition must then stop.</summary>
    ValueTask AppendAsync(JournalBatch batch, CancellationToken cancellationToken);
}
