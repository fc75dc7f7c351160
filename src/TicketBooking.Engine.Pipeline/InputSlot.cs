using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.Engine.Pipeline;

/// <summary>A preallocated ring slot: one input on the way in, its decisions on the way out.</summary>
public sealed class InputSlot
{
    public long Sequence { get; set; }

    public long TimestampMs { get; set; }

    public Command? Command { get; set; }

    /// <summary>Filled by the business logic stage, read by the journal stage; reused with the slot.</summary>
    public List<Decision> Decisions { get; } = new(4);
}
