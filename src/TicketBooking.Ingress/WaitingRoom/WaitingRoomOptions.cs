namespace TicketBooking.Ingress.WaitingRoom;

/// <summary>The ingress's <c>WaitingRoom</c> configuration section (or <c>--WaitingRoom:AdmitInterval=00:00:01</c> and so on).</summary>
public sealed class WaitingRoomOptions
{
    public const string Section = "WaitingRoom";

    /// <summary>How often the instance holding the admitter's lock runs one admission step over every room; also how often the others try for the lock. Default 1 s.</summary>
    public TimeSpan AdmitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often every room is read again even without a NOTIFY (one lost with a dropped connection). Default 5 s.</summary>
    public TimeSpan BoardRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a standing long poll (<c>?wait=</c> or <c>Prefer: wait=</c>) is held open. Default 30 s.</summary>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromSeconds(30);
}
