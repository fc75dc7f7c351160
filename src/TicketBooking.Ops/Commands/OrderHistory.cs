using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.Ops.Commands;

/// <summary>Which inputs name an order.</summary>
public static class OrderHistory
{
    /// <summary>The commands of an input that name the order: the input's own, or those of a group-committed batch.</summary>
    public static IEnumerable<Command> CommandsFor(Command command, Guid orderId)
    {
        IEnumerable<Command> commands = command is InputBatch batch ? batch.Commands : [command];
        return commands.Where(inner => Concerning.OrderOf(inner) == orderId);
    }
}

/// <summary>One line of an order's history: an input (<see cref="Decision"/> null) or a decision, with the input's time when known.</summary>
public sealed record OrderEvent(long InputSequence, long? TimestampMs, EngineInput? Input, Decision? Decision)
{
    /// <summary>Log order: an input, then the decisions it caused, by decision sequence.</summary>
    public (long, int, long) SortKey => (InputSequence, Decision is null ? 0 : 1, Decision?.Sequence ?? 0);
}
