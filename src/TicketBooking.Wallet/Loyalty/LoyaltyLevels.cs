namespace TicketBooking.Wallet.Loyalty;

/// <summary>A level a buyer reaches with <see cref="Threshold"/> points earned in the level window.</summary>
public sealed record LoyaltyLevel(string Name, long Threshold);

/// <summary>Where a buyer stands: the level reached, and the next one with the points still missing (null at the top).</summary>
public sealed record LevelStanding(string Level, string? NextLevel, long? PointsToNextLevel);

/// <summary>
/// The ladder of levels, by the points earned (earn minus earn reversal) in the last <see cref="WindowMonths"/> months.
/// The lowest level starts at 0, so every buyer has one, even with fewer than 0 points earned in the window.
/// </summary>
public sealed class LoyaltyLevels
{
    public const int WindowMonths = 12;

    private readonly LoyaltyLevel[] _levels;

    public LoyaltyLevels(IReadOnlyList<LoyaltyLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (!AreValid(levels))
        {
            throw new ArgumentException("Levels need distinct names, the first at 0 and thresholds strictly increasing.", nameof(levels));
        }

        _levels = [.. levels];
    }

    public IReadOnlyList<LoyaltyLevel> Levels => _levels;

    /// <summary>Distinct, non-empty names; the first threshold 0; each next threshold higher.</summary>
    public static bool AreValid(IReadOnlyList<LoyaltyLevel>? levels) =>
        levels is { Count: > 0 }
        && levels[0].Threshold == 0
        && levels.All(level => !string.IsNullOrWhiteSpace(level.Name))
        && levels.Select(level => level.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() == levels.Count
        && levels.Zip(levels.Skip(1)).All(pair => pair.First.Threshold < pair.Second.Threshold);

    /// <summary>The start of the window that ends at <paramref name="now"/>.</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset now) => now.AddMonths(-WindowMonths);

    public LevelStanding StandingFor(long earnedInWindow)
    {
        var reached = 0;
        while (reached + 1 < _levels.Length && _levels[reached + 1].Threshold <= earnedInWindow)
        {
            reached++;
        }

        if (reached + 1 == _levels.Length)
        {
            return new LevelStanding(_levels[reached].Name, null, null);
        }

        var next = _levels[reached + 1];
        return new LevelStanding(_levels[reached].Name, next.Name, next.Threshold - Math.Max(earnedInWindow, 0));
    }
}
