namespace TicketBooking.Ingress.Notifications;

/// <summary>The ingress's <c>Notifications</c> configuration section (or <c>--Notifications:AllowLoopbackHttp=true</c> and so on).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Whether a webhook may be http:// to a loopback address (tests, the demo); https only otherwise. Off by default.</summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>Webhook subscriptions one owner may have.</summary>
    public int MaxSubscriptionsPerOwner { get; set; } = 10;

    /// <summary>Notification streams one user may have open on an instance at once.</summary>
    public int MaxStreamsPerBuyer { get; set; } = 4;

    /// <summary>A stream with nothing to say sends a <c>heartbeat</c> event this often, so proxies and clients see it alive.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the listener reads new notifications even without a NOTIFY (one lost with a dropped connection).</summary>
    public TimeSpan ListenerSweepInterval { get; set; } = TimeSpan.FromSeconds(5);
}
