using TicketBooking.Engine.Journal;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Pipeline;

/// <summary>Hooks into a partition's pipeline, each called on the thread of its stage: keep them short.</summary>
public interface IPartitionObserver
{
    /// <summary>
    /// On the business logic thread, after the last input of a ring batch: the one moment the state
    /// may be read (to capture a snapshot, or seat counts to publish) without racing the engine.
    /// </summary>
    void OnBatchDecided(EngineState state)
    {
    }

    /// <summary>On the journal thread, once the batch is durable: the earliest anyone may learn of its decisions.</summary>
    void OnDurable(JournalBatch batch)
    {
    }
}
