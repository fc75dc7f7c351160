namespace TicketBooking.LoadTests.Scenarios;

/// <summary>
/// What a scenario knows about the request it builds: its index in the step and a random source
/// seeded from the run's seed and that index, so request 1234 of a run with seed 42 is always the
/// same request, whichever thread builds it and whenever.
/// </summary>
public sealed class RequestContext
{
    private readonly int _seed;
    private Random? _random;

    /// <param name="index">Index of the request in its step, from 0.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="isWarmup">Whether the request belongs to the step's warm-up (sent, not recorded).</param>
    public RequestContext(long index, int seed, bool isWarmup = false)
    {
        Index = index;
        _seed = seed;
        IsWarmup = isWarmup;
    }

    /// <summary>Whether the request belongs to the step's warm-up (sent, not recorded).</summary>
    public bool IsWarmup { get; }

    /// <summary>Index of the request in its step, from 0 (warm-up requests included).</summary>
    public long Index { get; }

    /// <summary>Random source of this request alone (created on first use).</summary>
    public Random Random => _random ??= new Random(SeedFor(_seed, Index));

    /// <summary>The seed of a request's random source: SplitMix64 of the run's seed and the index.</summary>
    public static int SeedFor(int seed, long index)
    {
        unchecked
        {
            ulong z = ((ulong)(uint)seed << 32) + (ulong)index + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & 0x7FFF_FFFF);
        }
    }
}
