using TicketBooking.Contracts;

namespace TicketBooking.IntegrationTests;

/// <summary>
/// Hands out partitions, so that no test picks one by hand, and the session ids that belong to them. The engine's
/// partitions (0 .. P-1 of the streams) go round in turn to the tests of <see cref="EngineStreams"/>, which run one
/// at a time: a test never starts on the partition the test before it used, where that test's killed host, lease,
/// projection checkpoint or late deliveries may still be about. Tests that only keep rows per partition in PostgreSQL
/// (leases, snapshots) get <see cref="Scratch"/> numbers instead, far above real ones, so that they can run beside those.
/// </summary>
public sealed class PartitionAllocator
{
    /// <summary>Shared by every allocator, so that two collections never get the same number; from a random start, so that a run does not meet rows an earlier one left.</summary>
    private static int s_lastScratch = Random.Shared.Next(900_000, 990_000);

    private int _last = -1;

    /// <summary>The next engine partition in turn.</summary>
    public int Next() => Interlocked.Increment(ref _last) % SessionPartitioner.DefaultPartitionCount;

    /// <summary><paramref name="count"/> different engine partitions, the next ones in turn.</summary>
    public IReadOnlyList<int> Next(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, SessionPartitioner.DefaultPartitionCount);
        return [.. Enumerable.Range(0, count).Select(_ => Next())];
    }

    /// <summary>A partition number no engine hosts and no other test of this run gets.</summary>
    public int Scratch() => Interlocked.Increment(ref s_lastScratch);

    /// <summary>Session ids, from a random start, that nats-server maps to <paramref name="partition"/>.</summary>
    public static IEnumerable<long> SessionsOf(int partition)
    {
        for (var id = Random.Shared.NextInt64(1, long.MaxValue / 2); ; id++)
        {
            if (SessionPartitioner.PartitionOf(id) == partition)
            {
                yield return id;
            }
        }
    }
}
