using System.Globalization;

namespace TicketBooking.Engine.Host;

/// <summary>Parses "all" or "0-3,7" into partition numbers below the partition count.</summary>
public static class PartitionList
{
    public static IReadOnlyList<int> Parse(string text, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return [.. Enumerable.Range(0, partitionCount)];
        }

        var partitions = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length > 2
                || !int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || !int.TryParse(bounds[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                || first > last
                || last >= partitionCount)
            {
                throw new FormatException($"'{part}' is not a partition or range of partitions below {partitionCount}.");
            }

            partitions.UnionWith(Enumerable.Range(first, last - first + 1));
        }

        return partitions.Count > 0 ? [.. partitions] : throw new FormatException("No partitions given.");
    }
}
