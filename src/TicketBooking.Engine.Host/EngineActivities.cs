using System.Diagnostics;

namespace TicketBooking.Engine.Host;

/// <summary>
/// The engine host's activity source: one span per journal batch (a ring batch's decisions made durable), never
/// one per input. Without a listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns
/// null and allocates nothing.
/// </summary>
public static class EngineActivities
{
    public const string SourceName = "TicketBooking.Engine.Host";

    internal static readonly ActivitySource Source = new(SourceName);
}
