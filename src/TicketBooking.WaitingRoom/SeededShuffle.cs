namespace TicketBooking.WaitingRoom;

/// <summary>
/// The pre-queue's shuffle: reproducible by anyone from the recorded seed and the pre-queue's user ids (the algorithm,
/// step by step, is in docs/architecture.md, "Waiting room").
/// </summary>
public static class SeededShuffle
{
    /// <summary>The ids in queue order: element i gets position i + 1.</summary>
    /// <param name="idsAscending">The pre-queue's user ids in ascending order.</param>
    public static long[] Order(IReadOnlyList<long> idsAscending, long seed) => throw new NotImplementedException();
}
