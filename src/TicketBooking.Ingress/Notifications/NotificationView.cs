using TicketBooking.Ingress.Orders;
using TicketBooking.Notifications;

namespace TicketBooking.Ingress.Notifications;

/// <summary>
/// A notification as its buyer reads it. <see cref="Cursor"/> orders them (the stream's event id; <c>?before=</c> pages
/// back from it). A confirmed one lists its tickets with their codes (<see cref="TicketCodes"/>, the same as the order's).
/// </summary>
public sealed record NotificationView(
    Guid Id,
    long Cursor,
    string Kind,
    Guid OrderId,
    long SessionId,
    DateTimeOffset CreatedAt,
    IReadOnlyList<int>? Seats,
    IReadOnlyList<TicketView>? Tickets,
    long? Amount,
    string? Reason,
    string Order)
{
    public static NotificationView Of(Notification notification, TicketCodes codes)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(codes);
        return new NotificationView(
            notification.Id,
            notification.Position,
            NotificationKinds.Name(notification.Kind),
            notification.OrderId,
            notification.SessionId,
            notification.CreatedAt,
            notification.Seats,
            TicketBooking.Notifications.Tickets.Of(notification)?
                .Select(ticket => new TicketView(ticket.Number, ticket.Seat, codes.For(notification.SessionId, ticket.Number, notification.OrderId)))
                .ToList(),
            notification.Amount,
            notification.Reason,
            $"/api/orders/{notification.OrderId}");
    }
}

/// <summary>The first event of a notification stream: following has begun, from <see cref="After"/> on.</summary>
public sealed record NotificationStreamReady(long After);

/// <summary>Sent when a stream had nothing else to say for a while.</summary>
public sealed record NotificationHeartbeat(DateTimeOffset At);
