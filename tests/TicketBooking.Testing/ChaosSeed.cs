using System.Globalization;

namespace TicketBooking.Testing;

/// <summary>
/// The seed of a test's random chaos (when to kill a process, which order to send next): <see cref="Variable"/> when
/// it is set, so that a failure can be replayed, else a fresh one each run, so that runs explore. Printed either way.
/// </summary>
public static class ChaosSeed
{
    public const string Variable = "TB_CHAOS_SEED";

    /// <summary>The seed, after <paramref name="print"/> (a test's output) was told it and how to replay it.</summary>
    public static int Pick(Action<string> print)
    {
        ArgumentNullException.ThrowIfNull(print);
        var given = Environment.GetEnvironmentVariable(Variable);
        int seed;
        if (string.IsNullOrWhiteSpace(given))
        {
            seed = Random.Shared.Next();
        }
        else if (!int.TryParse(given, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
        {
            throw new InvalidOperationException($"{Variable}='{given}' is not a 32-bit integer.");
        }

        print(string.Create(CultureInfo.InvariantCulture, $"Chaos seed {seed}{(string.IsNullOrWhiteSpace(given) ? "" : $" (from {Variable})")}; replay with {Variable}={seed}."));
        return seed;
    }
}
