using TicketBooking.Engine.State;

namespace TicketBooking.Projections.Orders;

/// <summary>How <see cref="OrderStatus"/> is spelled in the <c>status</c> column.</summary>
internal static class StatusColumn
{
    public static string Write(OrderStatus status) => status switch
    {
        OrderStatus.Held => "held",
        OrderStatus.Confirmed => "confirmed",
        OrderStatus.Rejected => "rejected",
        OrderStatus.Released => "released",
        OrderStatus.Expired => "expired",
        _ => "cancelled",
    };

    public static OrderStatus Read(string status) => status switch
    {
        "held" => OrderStatus.Held,
        "confirmed" => OrderStatus.Confirmed,
        "rejected" => OrderStatus.Rejected,
        "released" => OrderStatus.Released,
        "expired" => OrderStatus.Expired,
        "cancelled" => OrderStatus.Cancelled,
        _ => throw new InvalidOperationException($"Unknown order status '{status}' in projections.orders."),
    };
}
