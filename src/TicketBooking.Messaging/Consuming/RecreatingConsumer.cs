using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace TicketBooking.Messaging.Consuming;

/// <summary>
/// Consumes a stream through a pull consumer that is created again, from the caller's checkpoint, whenever it stops
/// delivering: the server restarted (an ephemeral consumer kept in memory is gone, and the client's consume answers
/// the server's 503 by pulling again for ever), the connection dropped, the consumer or its stream was deleted, or
/// no message and no heartbeat came for twice <see cref="ConsumerResilience.IdleHeartbeat"/>, or deliveries were
/// lost on the way (a gap in the consumer sequence).
/// </summary>
/// <param name="configure">
/// The consumer to create now, from the caller's checkpoint (an <see cref="EphemeralConsumer.Config"/>); called before every creation.
/// </param>
public sealed partial class RecreatingConsumer(
    INatsJSContext js,
    string stream,
    Func<ConsumerConfig> configure,
    ConsumerProgress progress,
    ILogger logger,
    ConsumerResilience? resilience = null)
{
    private const int MaxMessagesPerPull = 1_000;

    /// <summary>
    /// How many consumers in a row may go unconfirmed because the leader did not answer before one is trusted
    /// unchecked: a user without STREAM.MSG.GET (an older nats.conf) gets no answer at all, and must not stall for ever.
    /// </summary>
    private const int UnansweredChecksBeforeTrusting = 3;

    private int _unansweredChecks;

    private readonly ConsumerResilience _resilience = resilience ?? ConsumerResilience.Default;

    /// <summary>Every message, across as many consumers as it takes, until cancelled (or, with a give-up time, until that passes without progress).</summary>
    public async IAsyncEnumerable<INatsJSMsg<byte[]>> ConsumeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var progressedAt = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var created = await TryCreateAsync(progressedAt, cancellationToken).ConfigureAwait(false);
            if (created is null)
            {
                await Task.Delay(_resilience.RetryDelay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var consumer = created.Consumer;
            progressedAt = Stopwatch.GetTimestamp();
            using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var opts = new NatsJSConsumeOpts
            {
                MaxMsgs = MaxMessagesPerPull,
                IdleHeartbeat = _resilience.IdleHeartbeat,
                Expires = _resilience.PullExpires,
                NotificationHandler = (notification, _) =>
                {
                    if (notification is NatsJSTimeoutNotification or NatsJSNoRespondersNotification)
                    {
                        LogStalled(stream, consumer.Info.Name, notification.Name);
                        stalled.Cancel();
                    }

                    return Task.CompletedTask;
                },
            };
            var messages = consumer.ConsumeAsync<byte[]>(opts: opts, cancellationToken: stalled.Token).GetAsyncEnumerator(stalled.Token);
            ulong delivered = 0;
            try
            {
                while (await TryMoveNextAsync(messages, consumer.Info.Name, cancellationToken).ConfigureAwait(false))
                {
                    // Without acks a delivery lost on the way (the client's node died and it reconnected to another,
                    // while the consumer lives on a third) is never sent again: a gap in the consumer's own sequence
                    // shows it, and a new consumer from the checkpoint reads the lost messages.
                    if (messages.Current.Metadata is { } metadata && metadata.Sequence.Consumer != delivered + 1)
                    {
                        LogDeliveriesLost(stream, consumer.Info.Name, delivered, metadata.Sequence.Consumer);
                        break;
                    }

                    delivered++;
                    if (delivered == 1 && !await FirstDeliveryAgreesWithLeaderAsync(consumer.Info.Config, messages.Current.Metadata, cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }

                    progressedAt = Stopwatch.GetTimestamp();
                    progress.Delivered(messages.Current.Metadata);
                    yield return messages.Current;
                }
            }
            finally
            {
                progress.Lost();
                await messages.DisposeAsync().ConfigureAwait(false);
                await created.DisposeAsync().ConfigureAwait(false);
            }

            await Task.Delay(_resilience.RetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<EphemeralConsumer?> TryCreateAsync(long progressedAt, CancellationToken cancellationToken)
    {
        try
        {
            var consumer = await EphemeralConsumer.CreateAsync(js, stream, configure(), cancellationToken).ConfigureAwait(false);
            progress.Connected(consumer.Consumer.Info.NumPending);
            return consumer;
        }
        catch (Exception e) when (IsRetryable(e, cancellationToken))
        {
            progress.Lost();
            GiveUpIfTooLong(progressedAt, e);
            LogCreateFailed(e, stream, _resilience.RetryDelay);
            return null;
        }
    }

    /// <summary>
    /// After a restart of the whole cluster a replica can come back without the last messages that the others
    /// acknowledged, and a consumer created on it starts after them: it would skip them for good. So the first message
    /// a consumer delivers from a known position is compared with the leader's first one from there; when the leader
    /// has an earlier one, the consumer is created again. A leader that does not answer counts as a disagreement,
    /// <see cref="UnansweredChecksBeforeTrusting"/> times in a row.
    /// </summary>
    private async Task<bool> FirstDeliveryAgreesWithLeaderAsync(ConsumerConfig config, NatsJSMsgMetadata? metadata, CancellationToken cancellationToken)
    {
        var from = config.DeliverPolicy switch
        {
            ConsumerConfigDeliverPolicy.ByStartSequence => config.OptStartSeq,
            ConsumerConfigDeliverPolicy.All => 1UL,
            _ => 0UL,
        };
        if (from == 0 || metadata is not { } delivered || string.IsNullOrEmpty(config.FilterSubject))
        {
            return true;
        }

        try
        {
            var leaders = await StreamLeaderCheck.NextSequenceAsync(js, stream, config.FilterSubject, from, cancellationToken).ConfigureAwait(false);
            _unansweredChecks = 0;
            if (leaders is { } first && first < delivered.Sequence.Stream)
            {
                LogSkipped(stream, config.Name ?? "", from, delivered.Sequence.Stream, first);
                return false;
            }

            return true;
        }
        catch (Exception e) when (IsRetryable(e, cancellationToken))
        {
            if (++_unansweredChecks >= UnansweredChecksBeforeTrusting)
            {
                LogTrustedUnchecked(e, stream, config.Name ?? "", _unansweredChecks);
                _unansweredChecks = 0;
                return true;
            }

            LogLeaderUnknown(e, stream, config.Name ?? "");
            return false;
        }
    }

    /// <summary>False when the consumer stalled, failed or ended: then it is created again.</summary>
    private async Task<bool> TryMoveNextAsync(IAsyncEnumerator<INatsJSMsg<byte[]>> messages, string consumer, CancellationToken cancellationToken)
    {
        try
        {
            if (await messages.MoveNextAsync().ConfigureAwait(false))
            {
                return true;
            }
        }
        catch (Exception e) when (IsRetryable(e, cancellationToken))
        {
            LogConsumeFailed(e, stream, consumer);
            return false;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return false;
    }

    private void GiveUpIfTooLong(long progressedAt, Exception failure)
    {
        if (_resilience.GiveUpAfter is { } limit && Stopwatch.GetElapsedTime(progressedAt) > limit)
        {
            throw new NatsException($"Consuming {stream} made no progress for {limit}.", failure);
        }
    }

    private static bool IsRetryable(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e is NatsException or TimeoutException or OperationCanceledException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} of {Stream} stalled ({Notification}); creating it again from the last message read")]
    private partial void LogStalled(string stream, string consumer, string notification);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} of {Stream} delivered message {Received} after {Delivered}: the ones between were lost on the way; creating it again from the last message read")]
    private partial void LogDeliveriesLost(string stream, string consumer, ulong delivered, ulong received);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consuming {Stream} through {Consumer} failed; creating the consumer again from the last message read")]
    private partial void LogConsumeFailed(Exception exception, string stream, string consumer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} of {Stream} started at stream sequence {From} and delivered {Delivered} first, but the stream's leader has {LeadersFirst}: its replica is missing messages; creating it again")]
    private partial void LogSkipped(string stream, string consumer, ulong from, ulong delivered, ulong leadersFirst);

    [LoggerMessage(Level = LogLevel.Error, Message = "Consumer {Consumer} of {Stream}: the stream's leader did not answer {Checks} times in a row (no STREAM.MSG.GET permission on it?); reading on without the check")]
    private partial void LogTrustedUnchecked(Exception exception, string stream, string consumer, int checks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} of {Stream}: the stream's leader could not confirm its first delivery; creating it again")]
    private partial void LogLeaderUnknown(Exception exception, string stream, string consumer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create a consumer on {Stream}; trying again in {Delay}")]
    private partial void LogCreateFailed(Exception exception, string stream, TimeSpan delay);
}
