using TicketBooking.Engine.Decisions;

namespace TicketBooking.Engine.Journal;

/// <summary>A journal kept in a list, for tests, benchmarks and the demo. Refuses a batch that would leave a gap.</summary>
public sealed class InMemoryDecisionJournal : IDecisionJournal
{
    private readonly List<JournalBatch> _batches = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<JournalBatch> Batches
    {
        get
        {
            lock (_lock)
            {
                return [.. _batches];
            }
        }
    }

    public IEnumerable<Decision> Decisions => Batches.SelectMany(batch => batch.Decisions);

    public ValueTask AppendAsync(JournalBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_lock)
        {
            var expected = _batches.Count == 0 ? 1 : _batches[^1].LastDecisionSequence + 1;
            if (batch.FirstDecisionSequence != expected)
            {
                throw new InvalidOperationException($"Batch starts at decision {batch.FirstDecisionSequence}; the journal expects {expected}.");
            }

            _batches.Add(batch);
        }

        return ValueTask.CompletedTask;
    }
}
