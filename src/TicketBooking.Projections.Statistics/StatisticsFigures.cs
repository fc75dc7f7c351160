using Npgsql;

namespace TicketBooking.Projections.Statistics;

/// <summary>
/// The figures of one session or of a group of sessions (an event, a venue, a city, an artist's sessions), in minor
/// units of the sessions' currency and in seats. <see cref="NetRevenue"/> is gross minus refunds of paid orders that
/// were cancelled; <see cref="FillRate"/> is the seats kept (sold, not returned) over the capacity, 0 without one.
/// </summary>
public sealed record StatisticsFigures(
    int Sessions,
    long Capacity,
    long TicketsSold,
    long TicketsReturned,
    long GrossRevenue,
    long PromoDiscounts,
    long PointsSpent,
    long Refunds,
    long LatePaymentRefunds)
{
    /// <summary>
    /// The aggregate over rows of <c>statistics.sessions</c> aliased <c>st</c> (rows a <c>LEFT JOIN</c> left empty count as
    /// zero) that <see cref="Read"/> reads, in its order: the one place where a query names the figures' columns.
    /// <paramref name="sessionColumn"/> is what counts the sessions (a catalog session has figures once the engine opened it).
    /// </summary>
    public static string Aggregate(string sessionColumn) =>
        $"count(DISTINCT {sessionColumn})::int, COALESCE(sum(st.capacity), 0)::bigint, COALESCE(sum(st.tickets_sold), 0)::bigint, "
        + "COALESCE(sum(st.tickets_returned), 0)::bigint, COALESCE(sum(st.gross), 0)::bigint, COALESCE(sum(st.promo_discounts), 0)::bigint, "
        + "COALESCE(sum(st.points_spent), 0)::bigint, COALESCE(sum(st.refunds), 0)::bigint, COALESCE(sum(st.late_payment_refunds), 0)::bigint";

    /// <summary>Tickets sold and not returned: the visitors the sessions expect.</summary>
    public long Visitors => TicketsSold - TicketsReturned;

    public long NetRevenue => GrossRevenue - Refunds;

    public double FillRate => Capacity == 0 ? 0 : (double)Visitors / Capacity;

    /// <summary>The columns of <see cref="Aggregate"/>, starting at column <paramref name="first"/>.</summary>
    public static StatisticsFigures Read(NpgsqlDataReader reader, int first)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new StatisticsFigures(
            reader.GetInt32(first),
            reader.GetInt64(first + 1),
            reader.GetInt64(first + 2),
            reader.GetInt64(first + 3),
            reader.GetInt64(first + 4),
            reader.GetInt64(first + 5),
            reader.GetInt64(first + 6),
            reader.GetInt64(first + 7),
            reader.GetInt64(first + 8));
    }
}
