using System.Text.Json;
using System.Text.Json.Serialization;

namespace TicketBooking.Notifications;

/// <summary>
/// The JSON body POSTed for a notification (Standard Webhooks shape: <c>type</c>, <c>timestamp</c>, <c>data</c>).
/// The same notification always serializes to the same bytes, so a retry re-sends the same body. Ticket codes are
/// not in it (they are the buyer's, and only the ingress holds their key): <c>data.order</c> links to the order.
/// </summary>
public static class WebhookPayload
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static byte[] Serialize(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var data = new Data(
            notification.OrderId,
            notification.SessionId,
            notification.BuyerId,
            notification.Seats,
            Tickets.Of(notification)?.Select(ticket => new Ticket(ticket.Number, ticket.Seat)).ToArray(),
            notification.Amount,
            notification.Reason,
            $"/api/orders/{notification.OrderId}");
        return JsonSerializer.SerializeToUtf8Bytes(new Body(notification.Id, "order." + NotificationKinds.Name(notification.Kind), notification.CreatedAt, data), Options);
    }

    private sealed record Body(Guid Id, string Type, DateTimeOffset Timestamp, Data Data);

    private sealed record Data(Guid OrderId, long SessionId, long BuyerId, int[]? Seats, Ticket[]? Tickets, long? Amount, string? Reason, string Order);

    private sealed record Ticket(long Number, int Seat);
}

/// <summary>The tickets a confirmed notification stands for: numbers <c>FirstTicketNumber ..</c>, one per seat, in seat order.</summary>
public static class Tickets
{
    public static IReadOnlyList<(long Number, int Seat)>? Of(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return notification is { Kind: NotificationKind.Confirmed, FirstTicketNumber: { } first, Seats: { } seats }
            ? [.. seats.Select((seat, i) => (first + i, seat))]
            : null;
    }
}
