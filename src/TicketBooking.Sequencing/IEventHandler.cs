using System.Diagnostics.CodeAnalysis;

namespace TicketBooking.Sequencing;

/// <summary>Consumes the slots of a ring buffer, in sequence order, on one processor thread.</summary>
[SuppressMessage("Naming", "CA1711", Justification = "Not a .NET event handler delegate; the Disruptor name readers know.")]
public interface IEventHandler<in T>
{
    /// <summary>
    /// Handles one slot. <paramref name="endOfBatch"/> is true on the last slot available right now,
    /// the moment to flush anything batched. The slot is reused after the call: copy what must outlive it.
    /// </summary>
    void OnEvent(T data, long sequence, bool endOfBatch);

    /// <summary>Called on the processor thread before the first event.</summary>
    void OnStart()
    {
    }

    /// <summary>Called on the processor thread after the last event, also when the handler failed.</summary>
    void OnShutdown()
    {
    }
}
