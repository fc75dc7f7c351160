using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Messaging;

namespace TicketBooking.Ingress.Availability;

/// <summary>
/// Reads the last availability of every session from TB_AVAILABILITY at start (DeliverPolicy LastPerSubject on
/// <c>tb.avail.&gt;</c>) and follows the changes into the <see cref="AvailabilityBoard"/>.
/// </summary>
public sealed class AvailabilityFollower(INatsJSContext js, AvailabilityBoard board, ILogger<AvailabilityFollower> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        StreamFollower.FollowAsync(
            js,
            Subjects.AvailabilityStream,
            Subjects.AllAvailability,
            _ => new ConsumerConfig { DeliverPolicy = ConsumerConfigDeliverPolicy.LastPerSubject },
            message => board.Publish(AvailabilityView.From(SessionAvailability.Deserialize(message.Data ?? []))),
            logger,
            stoppingToken);
}
