using System.Runtime.CompilerServices;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Messaging.Consuming;

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

    private const int FetchSize = 1_000;
    private const int NoMessageFound = 10037;

    /// <summary>
    /// The partition's inputs from <paramref name="fromSequence"/> up to the stream's last sequence when
    /// the call starts, in log order. Retention may have removed the oldest: the first one returned is the
    /// oldest still stored.
    /// </summary>
    /// <remarks>
    /// The end is the stream's last sequence, not the consumer's pending count: nats-server 2.9 can
    /// miscount a filtered consumer's pending messages after a filtered purge. Fetches do not wait, so a
    /// partition with nothing more ends the read at once.
    /// </remarks>
    public async IAsyncEnumerable<EngineInput> ReadAsync(int partition, long fromSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = await js.GetStreamAsync(Subjects.InputStream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var end = stream.Info.State.LastSeq;
        var from = (ulong)Math.Max(fromSequence, 1);
        if (end < from)
        {
            yield break;
        }

        var config = EphemeralConsumer.Config($"tb-history-{partition}", Subjects.PartitionFilter(partition), from - 1, inactiveThreshold: AbandonedAfter);
        await using var consumer = await EphemeralConsumer.CreateAsync(js, Subjects.InputStream, config, cancellationToken).ConfigureAwait(false);
        await foreach (var message in consumer.FetchAvailableAsync(FetchSize, cancellationToken).ConfigureAwait(false))
        {
            var metadata = message.Metadata ?? throw new InvalidOperationException($"Input on {message.Subject} came without JetStream metadata.");
            var sequence = metadata.Sequence.Stream;
            if (sequence > end)
            {
                yield break;
            }

            yield return InputDecoder.Decode(message.Subject, message.Data ?? [], sequence, metadata.Timestamp);
            if (sequence == end)
            {
                yield break;
            }
        }
    }

    /// <summary>The input stored at <paramref name="streamSequence"/> of TB_INPUT, or null when the stream no longer holds it.</summary>
    public async Task<EngineInput?> ReadAtAsync(ulong streamSequence, CancellationToken cancellationToken)
    {
        var stream = await js.GetStreamAsync(Subjects.InputStream, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = (await stream.GetAsync(new StreamMsgGetRequest { Seq = streamSequence }, cancellationToken).ConfigureAwait(false)).Message;
            return InputDecoder.Decode(stored.Subject, stored.Data, stored.Seq, stored.Time);
        }
        catch (NatsJSApiException e) when (e.Error.ErrCode == NoMessageFound || e.Error.Code == 404)
        {
            return null;
        }
    }
}
