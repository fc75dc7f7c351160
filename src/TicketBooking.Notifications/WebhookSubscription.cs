namespace TicketBooking.Notifications;

/// <summary>A webhook subscription as listed (its secret is shown only once, when created).</summary>
public sealed record WebhookSubscription(Guid Id, long OwnerId, bool AllEvents, string Url, DateTimeOffset CreatedAt);

/// <summary>One delivery of a notification to a subscription: pending (with its next attempt), delivered or failed.</summary>
public sealed record WebhookDelivery(
    Guid NotificationId,
    string Kind,
    Guid OrderId,
    string Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset CreatedAt);
