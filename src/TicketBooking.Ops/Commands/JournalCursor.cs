using TicketBooking.Engine.Decisions;
using TicketBooking.Messaging;

namespace TicketBooking.Ops.Commands;

/// <summary>Walks a partition's journal decision by decision, knowing how far its batches cover the input log.</summary>
public sealed class JournalCursor(IAsyncEnumerable<JournaledBatch> batches, CancellationToken cancellationToken) : IAsyncDisposable
{
    private readonly IAsyncEnumerator<JournaledBatch> _batches = batches.GetAsyncEnumerator(cancellationToken);
    private readonly Queue<Decision> _pending = new();
    private bool _exhausted;

    /// <summary>The highest input the batches read so far cover (their LastInputSequence).</summary>
    public long Covered { get; private set; }

    /// <summary>The next decision without taking it; null when the journal has no more.</summary>
    public async ValueTask<Decision?> PeekAsync()
    {
        while (_pending.Count == 0 && await LoadAsync().ConfigureAwait(false))
        {
        }

        return _pending.TryPeek(out var next) ? next : null;
    }

    public async ValueTask<Decision?> NextAsync()
    {
        var next = await PeekAsync().ConfigureAwait(false);
        if (next is not null)
        {
            _pending.Dequeue();
        }

        return next;
    }

    /// <summary>Reads batches until one covers <paramref name="inputSequence"/>; false when the journal ends before it.</summary>
    public async ValueTask<bool> CoversAsync(long inputSequence)
    {
        while (Covered < inputSequence && await LoadAsync().ConfigureAwait(false))
        {
        }

        return Covered >= inputSequence;
    }

    public ValueTask DisposeAsync() => _batches.DisposeAsync();

    private async ValueTask<bool> LoadAsync()
    {
        if (_exhausted || !await _batches.MoveNextAsync().ConfigureAwait(false))
        {
            _exhausted = true;
            return false;
        }

        foreach (var decision in _batches.Current.Batch.Decisions)
        {
            _pending.Enqueue(decision);
        }

        Covered = Math.Max(Covered, _batches.Current.Batch.LastInputSequence);
        return true;
    }
}
