namespace TicketBooking.Projections.Orders;

/// <summary>How <see cref="ProjectedOrderStatus"/> is spelled in the <c>status</c> column.</summary>
internal static class StatusColumn
{
    public static string Write(ProjectedOrderStatus status) => status switch
    {
        ProjectedOrderStatus.Held => "held",
        ProjectedOrderStatus.Confirmed => "confirmed",
        ProjectedOrderStatus.Rejected => "rejected",
        ProjectedOrderStatus.Released => "released",
        ProjectedOrderStatus.Expired => "expired",
        _ => "cancelled",
    };

    public static ProjectedOrderStatus Read(string status) => status switch
    {
        "held" => ProjectedOrderStatus.Held,
        "confirmed" => ProjectedOrderStatus.Confirmed,
        "rejected" => ProjectedOrderStatus.Rejected,
        "released" => ProjectedOrderStatus.Released,
        "expired" => ProjectedOrderStatus.Expired,
        "cancelled" => ProjectedOrderStatus.Cancelled,
        _ => throw new InvalidOperationException($"Unknown order status '{status}' in projections.orders."),
    };
}
