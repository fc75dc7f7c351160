using TicketBooking.Sequencing;

namespace TicketBooking.Engine.Pipeline;

/// <summary>Stage 1: runs each input through the engine, the only thread that touches its state.</summary>
internal sealed class BusinessLogicHandler(TicketEngine engine, IPartitionObserver? observer) : IEventHandler<InputSlot>
{
    public void OnEvent(InputSlot data, long sequence, bool endOfBatch)
    {
        data.Decisions.Clear();
        engine.Execute(new EngineInput(data.Sequence, data.TimestampMs, data.Command!), data.Decisions);
        data.Command = null;
        if (endOfBatch)
        {
            observer?.OnBatchDecided(engine.State);
        }
    }
}
