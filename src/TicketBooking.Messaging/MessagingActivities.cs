using System.Diagnostics;

namespace TicketBooking.Messaging;

/// <summary>
/// The activity source of the JetStream adapters: one span per log entry the group commit publishes (the ingress's
/// order intake). Nothing listens unless the process exports traces, and then it costs a span per entry, not per order.
/// </summary>
public static class MessagingActivities
{
    public const string SourceName = "TicketBooking.Messaging";

    internal static readonly ActivitySource Source = new(SourceName);
}
