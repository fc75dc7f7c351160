namespace TicketBooking.Projections.Notifications;

/// <summary>What the notification projector does now; ready while standing by, or writing with a live journal consumer.</summary>
public sealed class NotificationProjectorStatus() : JournalProjectorStatus("notification-projector", "notifications");
