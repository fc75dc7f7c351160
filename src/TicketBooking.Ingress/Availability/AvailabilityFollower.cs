using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Messaging;

namespace TicketBooking.Ingress.Availability;

/// <summary>
/// Reads the last availability of every session from TB_AVAILABILITY at start (DeliverPolicy LastPerSubject on
/// <c>tb.avail.&gt;</c>) and follows the changes into the <see cref="AvailabilityBoard"/>; after a failure or a NATS
/// restart, from just after the last message it read.
/// </summary>
public sealed class AvailabilityFollower(INatsJSContext js, AvailabilityBoard board, IngressFollowers followers, ILogger<AvailabilityFollower> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        StreamFollower.FollowAsync(
            js,
            Subjects.AvailabilityStream,
            Subjects.AllAvailability,
            ConsumerConfigDeliverPolicy.LastPerSubject,
            followers.Availability,
            message => board.Publish(AvailabilityView.From(SessionAvailability.Deserialize(message.Data ?? []))),
            logger,
            stoppingToken);
}
