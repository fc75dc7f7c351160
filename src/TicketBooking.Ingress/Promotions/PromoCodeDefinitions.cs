using TicketBooking.Contracts;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Promotions;

namespace TicketBooking.Ingress.Promotions;

/// <summary>
/// A catalog promo code as the engine partitions get it: one definition per partition its sessions are in, naming
/// that partition's sessions, with that partition's share of the total uses: the total divided evenly, the remainder
/// one each to the lowest partitions, so the shares add up to the total and none is 0 (unlimited) when the total is
/// not. So a total below the number of partitions cannot be split: <see cref="MinTotalUses"/>.
/// </summary>
public static class PromoCodeDefinitions
{
    /// <summary>The partitions of <paramref name="sessionIds"/>, ascending.</summary>
    public static int[] PartitionsOf(IEnumerable<long> sessionIds, int partitionCount = SessionPartitioner.DefaultPartitionCount) =>
        [.. sessionIds.Select(id => SessionPartitioner.PartitionOf(id, partitionCount)).Distinct().Order()];

    /// <summary>The least limited total for these sessions: one use per partition.</summary>
    public static int MinTotalUses(IEnumerable<long> sessionIds, int partitionCount = SessionPartitioner.DefaultPartitionCount) =>
        PartitionsOf(sessionIds, partitionCount).Length;

    /// <summary>The definition for each partition of <paramref name="code"/>'s sessions, by partition.</summary>
    public static List<(int Partition, DefinePromoCode Definition)> Split(PromoCodeTerms code, int partitionCount = SessionPartitioner.DefaultPartitionCount)
    {
        ArgumentNullException.ThrowIfNull(code);
        var partitions = PartitionsOf(code.SessionIds, partitionCount);
        if (code.MaxUses > 0 && code.MaxUses < partitions.Length)
        {
            throw new ArgumentException($"{code.MaxUses} uses cannot be split across {partitions.Length} partitions.", nameof(code));
        }

        var definitions = new List<(int, DefinePromoCode)>(partitions.Length);
        for (var i = 0; i < partitions.Length; i++)
        {
            var partition = partitions[i];
            var share = code.MaxUses == 0 ? 0 : (code.MaxUses / partitions.Length) + (i < code.MaxUses % partitions.Length ? 1 : 0);
            long[] sessions = [.. code.SessionIds.Where(id => SessionPartitioner.PartitionOf(id, partitionCount) == partition)];
            definitions.Add((partition, new DefinePromoCode(code with { MaxUses = share, SessionIds = sessions })));
        }

        return definitions;
    }
}
