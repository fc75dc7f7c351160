using CsCheck;

namespace TicketBooking.Engine.Tests;

/// <summary>
/// Property checks on values generated from consecutive fixed seeds, so that every run tests the same cases. A failure
/// names its seed, which CsCheck's <c>Sample(seed: ...)</c> replays and shrinks.
/// </summary>
internal static class FixedSeeds
{
    public static void Check<T>(Gen<T> gen, Action<T> assert, int iterations, ulong firstSeed)
    {
        for (var i = 0UL; i < (ulong)iterations; i++)
        {
            var pcg = new PCG(1, firstSeed + i);
            var seed = pcg.ToString();
            var value = gen.Generate(pcg, null, out _);
            try
            {
                assert(value);
            }
            catch (Exception exception)
            {
                throw new InvalidOperationException($"Failed for seed {seed}: {value}", exception);
            }
        }
    }
}
