using System.Runtime.CompilerServices;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Engine;

namespace TicketBooking.Messaging;

/// <summary>
/// Reads a partition's input log, <c>tb.in.{p}.&gt;</c> of TB_INPUT, from a sequence up to what the
/// stream holds when the read starts, then stops: for audits and re-execution, where
/// <see cref="InputReader"/> would wait for more.
/// </summary>
public sealed class InputHistoryReader(INatsJSContext js)
{
    /// <summary>A consumer left behind by a process that died is removed by the server after this long.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The partition's inputs at or after <paramref name="fromSequence"/>, in log order, as many as
    /// there are when the call starts. Retention may have removed the oldest: the first one returned
    /// is the oldest still stored.
    /// </summary>
    public async IAsyncEnumerable<EngineInput> ReadAsync(int partition, long fromSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var name = $"tb-history-{partition}-{Guid.NewGuid():N}";
        var consumer = await js.CreateOrUpdateConsumerAsync(
            Subjects.InputStream,
            new ConsumerConfig
            {
                Name = name,
                FilterSubject = Subjects.PartitionFilter(partition),
                DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
                OptStartSeq = (ulong)Math.Max(fromSequence, 1),
                AckPolicy = ConsumerConfigAckPolicy.None,
                InactiveThreshold = AbandonedAfter,
            },
            cancellationToken).ConfigureAwait(false);
        try
        {
            var remaining = consumer.Info.NumPending;
            if (remaining == 0)
            {
                yield break;
            }

            await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var metadata = message.Metadata ?? throw new InvalidOperationException($"Input on {message.Subject} came without JetStream metadata.");
                yield return InputDecoder.Decode(message.Subject, message.Data ?? [], metadata.Sequence.Stream, metadata.Timestamp);
                if (--remaining == 0)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await DeleteQuietlyAsync(name).ConfigureAwait(false);
        }
    }

    private async Task DeleteQuietlyAsync(string name)
    {
        try
        {
            await js.DeleteConsumerAsync(Subjects.InputStream, name, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NatsException)
        {
            // Already gone, or the connection is: the inactivity threshold removes it then.
        }
    }
}
