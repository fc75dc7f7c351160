using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using NATS.Client.JetStream;
using TicketBooking.Messaging.Consuming;

namespace TicketBooking.Messaging;

/// <summary>
/// Reads one subject of a stream in order from a sequence on, through a throwaway pull consumer
/// (<see cref="EphemeralConsumer"/>). A consumer lost to a server restart, a dropped connection or a stall is
/// created again after the last message read.
/// </summary>
internal static class SubjectReader
{
    public static async IAsyncEnumerable<INatsJSMsg<byte[]>> ReadAsync(
        INatsJSContext js,
        string stream,
        string subject,
        ulong fromSequence,
        ILogger logger,
        ConsumerResilience? resilience,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = Math.Max(fromSequence, 1) - 1;
        var consumer = new RecreatingConsumer(
            js,
            stream,
            () => EphemeralConsumer.Config("tb-reader", subject, after),
            new ConsumerProgress(subject),
            logger,
            resilience);
        await foreach (var message in consumer.ConsumeAsync(cancellationToken).ConfigureAwait(false))
        {
            after = message.Metadata?.Sequence.Stream ?? after;
            yield return message;
        }
    }
}
