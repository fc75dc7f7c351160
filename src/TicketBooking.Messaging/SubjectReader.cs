using System.Runtime.CompilerServices;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace TicketBooking.Messaging;

/// <summary>
/// Reads one subject of a stream in order from a sequence on, through a throwaway pull consumer with a
/// single <c>filter_subject</c>. (nats-server 2.9 ignores the multi-subject <c>filter_subjects</c> that
/// the client's ordered consumer sends, and would deliver every subject.)
/// </summary>
internal static class SubjectReader
{
    public static async IAsyncEnumerable<INatsJSMsg<byte[]>> ReadAsync(
        INatsJSContext js,
        string stream,
        string subject,
        ulong fromSequence,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var consumer = await js.CreateOrUpdateConsumerAsync(
            stream,
            new ConsumerConfig
            {
                Name = $"tb-reader-{Guid.NewGuid():N}",
                FilterSubject = subject,
                DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
                OptStartSeq = Math.Max(fromSequence, 1),
                AckPolicy = ConsumerConfigAckPolicy.None,
                InactiveThreshold = TimeSpan.FromSeconds(30),
                MemStorage = true,
            },
            cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: new NatsJSConsumeOpts { MaxMsgs = 1_000 }, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                yield return message;
            }
        }
        finally
        {
            await DeleteQuietlyAsync(js, stream, consumer.Info.Name).ConfigureAwait(false);
        }
    }

    private static async Task DeleteQuietlyAsync(INatsJSContext js, string stream, string consumer)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await js.DeleteConsumerAsync(stream, consumer, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsJSException or OperationCanceledException or NATS.Client.Core.NatsException)
        {
            // The inactive threshold removes it anyway.
        }
    }
}
