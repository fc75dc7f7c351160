using System.Threading.Channels;
using MessagePack;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Journal;
using TicketBooking.Messaging;
using TicketBooking.Messaging.Consuming;

namespace TicketBooking.Wallet.Settlement;

/// <summary>
/// Pays held orders (money and loyalty points), credits refunds and loyalty earnings from the decision journal, through the durable pull consumer
/// <see cref="ConsumerName"/> on TB_DECISIONS. Per batch: settle in one transaction, commit, publish
/// every held order's outcome to TB_INPUT and await the PubAcks, and only then ack the messages; the
/// next batch is settled while this one publishes.
/// </summary>
/// <remarks>
/// A crash at any point is harmless: before the commit nothing happened; after it, the redelivered
/// messages find the recorded outcomes (no second debit) and publish them again under the same
/// Nats-Msg-Id, which the input stream de-duplicates within its window (and beyond it, the engine
/// answers a repeated payment as already settled, or with a refund for an order no longer held).
/// </remarks>
public sealed class SettlementService(
    INatsJSContext js,
    InputPublisher publisher,
    SettlementStore store,
    WalletSchema schema,
    SettlementConsumer settlementConsumer,
    IOptions<WalletOptions> options,
    ILogger<SettlementService> logger) : BackgroundService
{
    public const string ConsumerName = "tb-wallet-settlement";

    /// <summary>Batches settled in PostgreSQL and waiting for their publishes, at most.</summary>
    private const int SettledBatchesInFlight = 4;

    /// <summary>
    /// Deliveries of a message after which a conflict that keeps coming back is no longer waited out: the
    /// order behind it is found and parked (<see cref="SettlementIsolation"/>), and the rest of its batch settles.
    /// </summary>
    private const int DeliveriesBeforeIsolating = 4;

    private readonly WalletOptions _options = options.Value;

    private readonly ConsumerProgress _progress = settlementConsumer.Progress;

    private readonly SettlementIsolation _isolation = new(store, options.Value.Currency, logger);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.WaitUntilMigratedAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var consumer = await CreateConsumerAsync(stoppingToken).ConfigureAwait(false);
                await SettleUntilFailureAsync(consumer, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                _progress.Lost();
                logger.LogInformation(e, "Settlement's consumer or stream is gone; creating the consumer again");
            }
            catch (Exception e) when (e is NatsException or NpgsqlException or SettlementConflictException or TimeoutException or OperationCanceledException)
            {
                _progress.Lost();
                logger.LogWarning(e, "Settlement failed; retrying in {Delay}", _options.RetryDelay);
            }

            await Task.Delay(_options.RetryDelay, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task<INatsJSConsumer> CreateConsumerAsync(CancellationToken cancellationToken)
    {
        var consumer = await js.CreateOrUpdateConsumerAsync(
            Subjects.DecisionsStream,
            new ConsumerConfig(ConsumerName)
            {
                DurableName = ConsumerName,
                FilterSubject = Subjects.AllDecisions,
                DeliverPolicy = ConsumerConfigDeliverPolicy.All,
                AckPolicy = ConsumerConfigAckPolicy.Explicit,
                AckWait = _options.Settlement.AckWait,
                MaxAckPending = Math.Max(1_000, _options.Settlement.BatchSize * 2),
            },
            cancellationToken).ConfigureAwait(false);
        _progress.Connected(consumer.Info.NumPending);
        return consumer;
    }

    /// <summary>
    /// Two stages joined by a short queue: the first fetches and settles batch after batch in PostgreSQL, the
    /// second publishes each settled batch's outcomes and acks its messages. A batch's messages are still
    /// acked only after its own outcomes are in TB_INPUT, and the next batch's transaction overlaps with
    /// this one's publishes instead of waiting for them.
    /// </summary>
    private async Task SettleUntilFailureAsync(INatsJSConsumer consumer, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var settled = Channel.CreateBounded<SettledBatch>(new BoundedChannelOptions(SettledBatchesInFlight) { SingleReader = true, SingleWriter = true });
        var settling = SettleBatchesAsync(consumer, settled.Writer, failed);
        var publishing = PublishBatchesAsync(settled.Reader, failed);
        try
        {
            // Neither stage ends on its own: this throws the failure that stopped them (a faulted stage wins over the one it cancelled).
            await Task.WhenAll(settling, publishing).ConfigureAwait(false);
        }
        finally
        {
            // Whatever was settled but not published goes back for redelivery now rather than after the ack wait.
            while (settled.Reader.TryRead(out var batch))
            {
                await RedeliverSoonAsync(batch.Messages).ConfigureAwait(false);
            }
        }
    }

    private async Task SettleBatchesAsync(INatsJSConsumer consumer, ChannelWriter<SettledBatch> settled, CancellationTokenSource failed)
    {
        try
        {
            while (true)
            {
                var messages = await FetchAsync(consumer, failed.Token).ConfigureAwait(false);
                if (messages.Count == 0)
                {
                    // A fetch from a deleted consumer (or one lost with the server) just stays empty: ask the server
                    // whether it still exists; a failure or a 404 creates it again.
                    await consumer.RefreshAsync(failed.Token).ConfigureAwait(false);
                    _progress.Connected(consumer.Info.NumPending);
                    continue;
                }

                _progress.Delivered(messages[^1].Metadata);
                var outcomes = await SettleAsync(messages, failed.Token).ConfigureAwait(false);
                await settled.WriteAsync(new SettledBatch(messages, outcomes), failed.Token).ConfigureAwait(false);
            }
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            settled.TryComplete();
        }
    }

    private async Task PublishBatchesAsync(ChannelReader<SettledBatch> settled, CancellationTokenSource failed)
    {
        try
        {
            await foreach (var batch in settled.ReadAllAsync(failed.Token).ConfigureAwait(false))
            {
                try
                {
                    await PublishAsync(batch.Outcomes, failed.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException)
                {
                    await RedeliverSoonAsync(batch.Messages).ConfigureAwait(false);
                    throw;
                }

                foreach (var message in batch.Messages)
                {
                    await message.AckAsync(cancellationToken: failed.Token).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits up to <see cref="SettlementOptions.FetchWait"/> for one message, then takes what else is there, up to the batch size.</summary>
    private async Task<List<INatsJSMsg<byte[]>>> FetchAsync(INatsJSConsumer consumer, CancellationToken cancellationToken)
    {
        var settings = _options.Settlement;
        var messages = new List<INatsJSMsg<byte[]>>(settings.BatchSize);
        var first = await consumer.NextAsync<byte[]>(opts: new NatsJSNextOpts { Expires = settings.FetchWait }, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            return messages;
        }

        messages.Add(first);
        if (settings.BatchSize > 1)
        {
            await foreach (var message in consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = settings.BatchSize - 1 }, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                messages.Add(message);
            }
        }

        return messages;
    }

    /// <summary>Settles the batch's holds and refunds in one transaction; the outcomes to publish.</summary>
    private async Task<IReadOnlyList<PaymentOutcome>> SettleAsync(List<INatsJSMsg<byte[]>> messages, CancellationToken cancellationToken)
    {
        try
        {
            var work = SettlementWork.From(Decode(messages));
            if (work.IsEmpty)
            {
                return [];
            }

            var redeliveredTooOften = messages.Any(message => message.Metadata?.NumDelivered >= DeliveriesBeforeIsolating);
            var plans = await _isolation.SettleAsync(work, redeliveredTooOften, cancellationToken).ConfigureAwait(false);
            Report(messages.Count, work, plans);
            return [.. plans.SelectMany(plan => plan.Outcomes)];
        }
        catch (Exception e) when (e is NatsException or NpgsqlException or SettlementConflictException or TimeoutException or OperationCanceledException)
        {
            await RedeliverSoonAsync(messages).ConfigureAwait(false);
            throw;
        }
    }

    private List<JournalBatch> Decode(List<INatsJSMsg<byte[]>> messages)
    {
        var batches = new List<JournalBatch>(messages.Count);
        foreach (var message in messages)
        {
            try
            {
                batches.Add(EngineCodec.DeserializeBatch(message.Data));
            }
            catch (MessagePackSerializationException e)
            {
                // Retrying cannot make it readable; a hold in it expires in the engine unpaid.
                logger.LogError(e, "Skipped an unreadable journal message {Sequence} on {Subject}", message.Metadata?.Sequence.Stream, message.Subject);
            }
        }

        return batches;
    }

    private async Task PublishAsync(IReadOnlyList<PaymentOutcome> outcomes, CancellationToken cancellationToken)
    {
        var entries = outcomes
            .GroupBy(outcome => SessionPartitioner.PartitionOf(outcome.SessionId, _options.Settlement.PartitionCount))
            .SelectMany(partition => partition.Chunk(InputBatch.MaxCommands).Select(chunk => (Partition: partition.Key, Outcomes: chunk)));
        await Parallel.ForEachAsync(
            entries,
            new ParallelOptions { MaxDegreeOfParallelism = _options.Settlement.PublishConcurrency, CancellationToken = cancellationToken },
            async (entry, token) =>
            {
                if (entry.Outcomes.Length == 1)
                {
                    await publisher.PublishAsync(entry.Outcomes[0].ToCommand(), entry.Outcomes[0].MessageId, token).ConfigureAwait(false);
                }
                else
                {
                    await publisher.PublishBatchAsync(entry.Partition, [.. entry.Outcomes.Select(outcome => outcome.ToCommand())], token).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        WalletMetrics.PaymentsPublished.Add(outcomes.Count);
    }

    private void Report(int messageCount, SettlementWork work, IReadOnlyList<SettlementPlan> plans)
    {
        foreach (var refund in plans.SelectMany(plan => plan.UnmatchedRefunds))
        {
            logger.LogError(
                "Refund due for order {OrderId} (buyer {BuyerId}, {Amount}) matches no debit; nothing was credited",
                refund.OrderId,
                refund.BuyerId,
                refund.Amount);
        }

        foreach (var confirmation in plans.SelectMany(plan => plan.UnmatchedConfirmations))
        {
            logger.LogWarning("Order {OrderId} was confirmed without a payment this wallet made; it earns no loyalty points", confirmation.OrderId);
        }

        foreach (var deadLetter in plans.SelectMany(plan => plan.DeadLetters))
        {
            WalletMetrics.SettlementDeadLetters.Add(1, new KeyValuePair<string, object?>("kind", deadLetter.KindName));
            logger.LogError(
                "Parked the {Kind} of order {OrderId} (buyer {BuyerId}, {Amount}) as a dead letter: {Reason}; nothing was credited for it",
                deadLetter.KindName,
                deadLetter.OrderId,
                deadLetter.BuyerId,
                deadLetter.Amount,
                deadLetter.Reason);
        }

        var newOutcomes = plans.SelectMany(plan => plan.NewOutcomes).ToList();
        var succeeded = newOutcomes.Count(outcome => outcome.Succeeded);
        var refunds = plans.Sum(plan => plan.Refunds.Count);
        WalletMetrics.PaymentsSettled.Add(succeeded, new KeyValuePair<string, object?>("outcome", "succeeded"));
        WalletMetrics.PaymentsSettled.Add(newOutcomes.Count - succeeded, new KeyValuePair<string, object?>("outcome", "failed"));
        WalletMetrics.Refunds.Add(refunds);
        WalletMetrics.BatchMessages.Record(messageCount);
        WalletMetrics.BatchOrders.Record(work.Count);
        logger.LogDebug(
            "Settled {Messages} messages in {Transactions} transactions: {Holds} holds ({New} decided now, {Succeeded} paid), {Refunds} refunds",
            messageCount,
            plans.Count,
            work.Holds.Count,
            newOutcomes.Count,
            succeeded,
            refunds);
    }

    /// <summary>Asks for the messages again after the retry delay rather than after the ack wait.</summary>
    private async Task RedeliverSoonAsync(List<INatsJSMsg<byte[]>> messages)
    {
        try
        {
            foreach (var message in messages)
            {
                await message.NakAsync(delay: _options.RetryDelay).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            logger.LogDebug(e, "Could not nak the batch; it is redelivered after the ack wait");
        }
    }

    /// <summary>A batch whose transaction committed: its messages, and the outcomes to publish before they are acked.</summary>
    private sealed record SettledBatch(List<INatsJSMsg<byte[]>> Messages, IReadOnlyList<PaymentOutcome> Outcomes);
}
