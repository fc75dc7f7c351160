namespace TicketBooking.Projections.Statistics;

/// <summary>Where an order stands for the statistics; stored as its lower-case name.</summary>
public enum TrackedOrderState
{
    /// <summary>Held, not paid yet.</summary>
    Held,

    /// <summary>Paid: its seats are sold and its money is gross revenue.</summary>
    Confirmed,

    /// <summary>Paid, then cancelled: its seats are returned.</summary>
    Returned,

    /// <summary>Released, expired or cancelled unpaid: it never counted.</summary>
    Ended,
}

/// <summary>
/// What the statistics remember of an order from its <c>OrderHeld</c>: later decisions (confirmed, cancelled) carry no
/// money, so the figures they move come from here.
/// </summary>
public sealed record TrackedOrder(Guid OrderId, long SessionId, int Seats, long Amount, long PromoDiscount, long PointsSpent, TrackedOrderState State);
