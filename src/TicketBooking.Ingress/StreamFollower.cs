using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Messaging.Consuming;

namespace TicketBooking.Ingress;

/// <summary>
/// Follows one stream for as long as the process runs. Its consumer is created again after a failure, a NATS
/// restart or a stall (<see cref="RecreatingConsumer"/>), from just after the last stream sequence handled here.
/// </summary>
internal static class StreamFollower
{
    public static async Task FollowAsync(
        INatsJSContext js,
        string stream,
        string filter,
        ConsumerConfigDeliverPolicy initialPolicy,
        ConsumerProgress progress,
        Action<INatsJSMsg<byte[]>> handle,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        ulong last = 0;
        var consumer = new RecreatingConsumer(js, stream, () => EphemeralConsumer.Config("tb-ingress", filter, last, initialPolicy), progress, logger);
        try
        {
            await foreach (var message in consumer.ConsumeAsync(cancellationToken).ConfigureAwait(false))
            {
                last = message.Metadata?.Sequence.Stream ?? last;
                try
                {
                    handle(message);
                }
                catch (Exception e) when (e is MessagePack.MessagePackSerializationException or InvalidOperationException)
                {
                    logger.LogWarning(e, "Skipped an unreadable message {Sequence} of {Stream}", last, stream);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
        {
            // A host that outlived its shutdown timeout (open event streams hold it) disposes the NATS connection
            // under a follower that is already stopping: that is the stop, not a failure of the follower.
        }
    }
}
