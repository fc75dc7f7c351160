using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Engine;

namespace TicketBooking.Ingress.Orders;

/// <summary>
/// Folds TB_DECISIONS (every partition, <c>tb.out.&gt;</c>, from the start of what the stream keeps) into the
/// <see cref="OrderStatusCache"/>. After a failure or a NATS restart it resumes after the last batch it read.
/// </summary>
public sealed class DecisionFollower(INatsJSContext js, OrderStatusCache orders, IngressFollowers followers, ILogger<DecisionFollower> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        StreamFollower.FollowAsync(
            js,
            Subjects.DecisionsStream,
            Subjects.AllDecisions,
            ConsumerConfigDeliverPolicy.All,
            followers.Decisions,
            message => orders.Apply(EngineCodec.DeserializeBatch(message.Data ?? []).Decisions),
            logger,
            stoppingToken);
}
