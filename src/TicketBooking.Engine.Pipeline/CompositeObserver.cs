using TicketBooking.Engine.Journal;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Pipeline;

/// <summary>Passes each hook to several observers, in order.</summary>
public sealed class CompositeObserver(params IPartitionObserver[] observers) : IPartitionObserver
{
    public void OnBatchDecided(EngineState state)
    {
        foreach (var observer in observers)
        {
            observer.OnBatchDecided(state);
        }
    }

    public void OnDurable(JournalBatch batch)
    {
        foreach (var observer in observers)
        {
            observer.OnDurable(batch);
        }
    }
}
