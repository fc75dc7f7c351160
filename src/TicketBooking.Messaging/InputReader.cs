using System.Runtime.CompilerServices;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Engine;

namespace TicketBooking.Messaging;

/// <summary>Reads one partition's input log, <c>tb.in.{p}.&gt;</c> of TB_INPUT, in order, from a position on.</summary>
public sealed class InputReader(INatsJSContext js, int partition)
{
    /// <summary>Every input after <paramref name="afterSequence"/>, then waits for more until cancelled.</summary>
    public async IAsyncEnumerable<EngineInput> ReadAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var consumer = await js.CreateOrderedConsumerAsync(
            Subjects.InputStream,
            new NatsJSOrderedConsumerOpts
            {
                FilterSubjects = [Subjects.PartitionFilter(partition)],
                DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
                OptStartSeq = (ulong)afterSequence + 1,
            },
            cancellationToken).ConfigureAwait(false);
        await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var metadata = message.Metadata ?? throw new InvalidOperationException($"Input on {message.Subject} came without JetStream metadata.");
            yield return InputDecoder.Decode(message.Subject, message.Data ?? [], metadata.Sequence.Stream, metadata.Timestamp);
        }
    }
}
