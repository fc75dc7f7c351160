using TicketBooking.Sequencing;

namespace TicketBooking.Sequencing.Tests;

internal sealed class Slot
{
    public long Value { get; set; }

    public int Producer { get; set; }

    public long Stage1Mark { get; set; }
}

internal sealed class DelegateHandler<T>(Action<T, long, bool> onEvent) : IEventHandler<T>
{
    public void OnEvent(T data, long sequence, bool endOfBatch) => onEvent(data, sequence, endOfBatch);
}

internal static class Deadline
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
}

internal static class WaitStrategies
{
    public static TheoryData<string> Names => ["blocking", "yielding", "busy-spin"];

    public static IWaitStrategy Create(string name) => name switch
    {
        "blocking" => new BlockingWaitStrategy(),
        "yielding" => new YieldingWaitStrategy(),
        "busy-spin" => new BusySpinWaitStrategy(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
