using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.State;
using TicketBooking.Messaging;

namespace TicketBooking.Demo;

/// <summary>Folds a partition's journal as it grows, the way a projection follows TB_DECISIONS.</summary>
internal sealed class JournalFollower(JournalReader journal, int partition)
{
    private ulong _position;

    public EngineState State { get; } = new();

    public List<Decision> Decisions { get; } = [];

    public int Batches { get; private set; }

    public async Task CatchUpAsync(long input, CancellationToken cancellationToken)
    {
        while (State.LastInputSequence < input)
        {
            await foreach (var journaled in journal.ReadAsync(partition, _position + 1, cancellationToken).ConfigureAwait(false))
            {
                foreach (var decision in journaled.Batch.Decisions)
                {
                    State.Apply(decision);
                    Decisions.Add(decision);
                }

                State.MarkInputApplied(journaled.Batch.LastInputSequence);
                _position = journaled.StreamSequence;
                Batches++;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }
}
