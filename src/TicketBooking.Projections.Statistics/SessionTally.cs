namespace TicketBooking.Projections.Statistics;

/// <summary>
/// How one session's figures change: added to its row (<see cref="Capacity"/>, when set, replaces it). The fold of a
/// group of journal batches yields one per session it touched.
/// </summary>
public sealed class SessionTally
{
    /// <summary>Seats of the layout, when a <c>SessionOpened</c> was folded; null leaves the stored capacity.</summary>
    public int? Capacity { get; set; }

    public long TicketsSold { get; set; }

    public long TicketsReturned { get; set; }

    public long Gross { get; set; }

    public long PromoDiscounts { get; set; }

    public long PointsSpent { get; set; }

    public long Refunds { get; set; }

    public long LatePaymentRefunds { get; set; }
}

/// <summary>Confirmed tickets and their money in one minute of one session, added to its row.</summary>
public sealed class MinuteTally
{
    public long Tickets { get; set; }

    public long Amount { get; set; }
}
