using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace TicketBooking.Ingress;

/// <summary>
/// Follows one stream through a throwaway pull consumer with a single <c>filter_subject</c> (nats-server 2.9
/// ignores the multi-subject <c>filter_subjects</c>), and starts over after a failure (NATS down, stream
/// recreated) without stopping the process.
/// </summary>
internal static class StreamFollower
{
    public static async Task FollowAsync(
        INatsJSContext js,
        string stream,
        string filter,
        Func<ulong, ConsumerConfig> configure,
        Action<INatsJSMsg<byte[]>> handle,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        ulong last = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            string? name = null;
            try
            {
                var config = configure(last);
                config.Name = $"tb-ingress-{Guid.NewGuid():N}";
                config.FilterSubject = filter;
                config.AckPolicy = ConsumerConfigAckPolicy.None;
                config.InactiveThreshold = TimeSpan.FromSeconds(30);
                config.MemStorage = true;
                var consumer = await js.CreateOrUpdateConsumerAsync(stream, config, cancellationToken).ConfigureAwait(false);
                name = consumer.Info.Name;
                await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: new NatsJSConsumeOpts { MaxMsgs = 1_000 }, cancellationToken: cancellationToken).ConfigureAwait(false))
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
                return;
            }
            catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException)
            {
                logger.LogWarning("Following {Stream} ({Filter}) failed: {Error}; retrying", stream, filter, e.Message);
            }
            finally
            {
                if (name is not null)
                {
                    await DeleteQuietlyAsync(js, stream, name).ConfigureAwait(false);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DeleteQuietlyAsync(INatsJSContext js, string stream, string consumer)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await js.DeleteConsumerAsync(stream, consumer, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            // The inactive threshold removes it anyway.
        }
    }
}
