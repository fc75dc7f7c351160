using System.Globalization;

namespace TicketBooking.Contracts;

/// <summary>
/// NATS subject and stream names. Producers publish to <c>tb.in.{session}.{kind}</c>; the
/// server's mapping in nats.conf rewrites that to <c>tb.in.{p}.{session}.{kind}</c>, and each
/// engine partition reads <c>tb.in.{p}.&gt;</c> and journals to <c>tb.out.{p}</c>.
/// </summary>
public static class Subjects
{
    /// <summary>JetStream stream holding every input, all partitions (subjects <c>tb.in.&gt;</c>).</summary>
    public const string InputStream = "TB_INPUT";

    /// <summary>JetStream stream holding the engine's decision journal (subjects <c>tb.out.&gt;</c>).</summary>
    public const string DecisionsStream = "TB_DECISIONS";

    /// <summary>All input subjects, before and after mapping.</summary>
    public const string AllInputs = "tb.in.>";

    /// <summary>All decision subjects.</summary>
    public const string AllDecisions = "tb.out.>";

    /// <summary>JetStream stream holding the latest seat availability of each session (one message per subject).</summary>
    public const string AvailabilityStream = "TB_AVAILABILITY";

    /// <summary>All availability subjects.</summary>
    public const string AllAvailability = "tb.avail.>";

    /// <summary>Last token of a partition's group-commit entry of purchases and cancellations (the ingress's).</summary>
    public const string OrdersBatchKind = "orders";

    /// <summary>Last token of a partition's group-commit entry of payment results (the wallet's).</summary>
    public const string PaymentsBatchKind = "payments";

    /// <summary>Last token of a partition's promo code definitions (the ingress's catalog).</summary>
    public const string PromoCodeKind = "promo";

    /// <summary>Last token of a partition's tick.</summary>
    public const string TickKind = "tick";

    /// <summary>Subject a producer publishes to; nats-server maps it to its partition.</summary>
    public static string Input(long sessionId, string kind) => Input(Token(sessionId), kind);

    /// <summary>Subject a producer publishes to; nats-server maps it to its partition.</summary>
    public static string Input(string sessionToken, string kind)
    {
        ValidateToken(sessionToken, nameof(sessionToken));
        ValidateToken(kind, nameof(kind));
        return $"tb.in.{sessionToken}.{kind}";
    }

    /// <summary>The subject after the server's mapping: <c>tb.in.{p}.{session}.{kind}</c>.</summary>
    public static string PartitionedInput(long sessionId, string kind, int partitionCount = SessionPartitioner.DefaultPartitionCount) =>
        PartitionedInput(SessionPartitioner.PartitionOf(sessionId, partitionCount), Token(sessionId), kind);

    /// <summary>The subject after the server's mapping, for a known partition.</summary>
    public static string PartitionedInput(int partition, string sessionToken, string kind)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ValidateToken(sessionToken, nameof(sessionToken));
        ValidateToken(kind, nameof(kind));
        return string.Create(CultureInfo.InvariantCulture, $"tb.in.{partition}.{sessionToken}.{kind}");
    }

    /// <summary>Filter for one partition's inputs: <c>tb.in.{p}.&gt;</c>.</summary>
    public static string PartitionFilter(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        return string.Create(CultureInfo.InvariantCulture, $"tb.in.{partition}.>");
    }

    /// <summary>
    /// A partition's own tick subject, <c>tb.in.{p}._.tick</c>: five tokens, so the
    /// <c>tb.in.*.*</c> mapping leaves it as it is.
    /// </summary>
    public static string Tick(int partition) => PartitionEntry(partition, TickKind);

    /// <summary>
    /// A partition's group-commit subject for orders, <c>tb.in.{p}._.orders</c>: one message carries the
    /// concurrent purchases and cancellations of several sessions of partition p (the ingress's), so the
    /// producer names the partition itself.
    /// </summary>
    public static string OrdersBatch(int partition) => PartitionEntry(partition, OrdersBatchKind);

    /// <summary>
    /// A partition's group-commit subject for payment results, <c>tb.in.{p}._.payments</c> (the wallet's): a
    /// subject of its own so that NATS permissions can tell who may publish which.
    /// </summary>
    public static string PaymentsBatch(int partition) => PartitionEntry(partition, PaymentsBatchKind);

    /// <summary>
    /// A partition's promo code definitions, <c>tb.in.{p}._.promo</c>: a code applies to sessions of several
    /// partitions, and each partition gets its own definition, so the producer names the partition itself.
    /// </summary>
    public static string PromoCodes(int partition) => PartitionEntry(partition, PromoCodeKind);

    /// <summary>A partition's decision journal subject: <c>tb.out.{p}</c>.</summary>
    public static string Decisions(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        return string.Create(CultureInfo.InvariantCulture, $"tb.out.{partition}");
    }

    /// <summary>A session's availability subject: <c>tb.avail.{session}</c>.</summary>
    public static string Availability(long sessionId) => $"tb.avail.{Token(sessionId)}";

    /// <summary>The invariant decimal token of a session id.</summary>
    public static string Token(long sessionId) => sessionId.ToString(CultureInfo.InvariantCulture);

    private static string PartitionEntry(int partition, string kind)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        return string.Create(CultureInfo.InvariantCulture, $"tb.in.{partition}._.{kind}");
    }

    private static void ValidateToken(string token, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(token, paramName);
        foreach (var c in token)
        {
            if (c is '.' or '*' or '>' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new ArgumentException($"'{token}' is not a single NATS subject token.", paramName);
            }
        }
    }
}
