namespace TicketBooking.Notifications;

/// <summary>The outcome of an order a notification tells its buyer about; stored as the lower-case name.</summary>
public enum NotificationKind
{
    Confirmed = 1,
    Released = 2,
    Expired = 3,
    Cancelled = 4,
    Refunded = 5,
    Rejected = 6,
}

public static class NotificationKinds
{
    public static string Name(NotificationKind kind) => kind switch
    {
        NotificationKind.Confirmed => "confirmed",
        NotificationKind.Released => "released",
        NotificationKind.Expired => "expired",
        NotificationKind.Cancelled => "cancelled",
        NotificationKind.Refunded => "refunded",
        NotificationKind.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static NotificationKind Parse(string name) => name switch
    {
        "confirmed" => NotificationKind.Confirmed,
        "released" => NotificationKind.Released,
        "expired" => NotificationKind.Expired,
        "cancelled" => NotificationKind.Cancelled,
        "refunded" => NotificationKind.Refunded,
        "rejected" => NotificationKind.Rejected,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a notification kind."),
    };
}
