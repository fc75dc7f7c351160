using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Journal;

namespace TicketBooking.Ingress.Orders;

/// <summary>
/// Writes the order projection (<see cref="OrderProjection"/>) from TB_DECISIONS. Of all ingress instances
/// only the one holding a PostgreSQL session-level advisory lock projects; the others poll for the lock.
/// Every write goes through the connection that holds the lock, so a writer that lost its session (and with
/// it the lock) cannot write any more. One consumer on <c>tb.out.&gt;</c> starts after the lowest partition
/// checkpoint and skips, per partition, what the checkpoint already covers; every
/// <see cref="IngressOptions.ProjectionBatchesPerTransaction"/> journal batches (or fewer, when no more are
/// waiting) become one transaction that also moves the checkpoints.
/// </summary>
public sealed class OrderProjector(
    INatsJSContext js,
    NpgsqlDataSource dataSource,
    IOptions<IngressOptions> options,
    ILogger<OrderProjector> logger) : BackgroundService
{
    /// <summary>Advisory lock class id (beside those in <c>AdvisoryLockClasses</c>): held by the projecting instance, object id 0.</summary>
    public const int ProjectorLockClass = 0x5442_0003;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await OpenLockConnectionAsync(stoppingToken).ConfigureAwait(false);
                if (await TryLockAsync(connection, stoppingToken).ConfigureAwait(false))
                {
                    logger.LogInformation("This instance projects orders");
                    await ProjectAsync(connection, settings.ProjectionBatchesPerTransaction, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or NatsException or TimeoutException or OperationCanceledException or ChannelClosedException or InvalidOperationException)
            {
                logger.LogWarning("Projecting orders failed: {Error}; trying again", e.Message);
            }

            // Closing the connection (above) released the lock, if this instance had it.
            await Task.Delay(settings.ProjectorLockPollInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task ProjectAsync(NpgsqlConnection connection, int batchesPerTransaction, CancellationToken stoppingToken)
    {
        var stream = await js.GetStreamAsync(Subjects.DecisionsStream, cancellationToken: stoppingToken).ConfigureAwait(false);
        var epoch = stream.Info.Created.UtcTicks;
        await OrderProjection.PrepareAsync(connection, stoppingToken).ConfigureAwait(false);
        var checkpoints = await OrderProjection.LoadCheckpointsAsync(connection, epoch, logger, stoppingToken).ConfigureAwait(false);
        var start = checkpoints.Count == 0 ? 1 : checkpoints.Values.Min() + 1;

        var consumer = await js.CreateOrUpdateConsumerAsync(
            Subjects.DecisionsStream,
            new ConsumerConfig
            {
                Name = $"tb-projector-{Guid.NewGuid():N}",
                FilterSubject = Subjects.AllDecisions,
                DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
                OptStartSeq = start,
                AckPolicy = ConsumerConfigAckPolicy.None,
                InactiveThreshold = TimeSpan.FromSeconds(30),
                MemStorage = true,
            },
            stoppingToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var channel = Channel.CreateBounded<(ulong, JournalBatch)>(new BoundedChannelOptions(Math.Max(16, batchesPerTransaction * 2)) { SingleReader = true, SingleWriter = true });
        var pump = PumpAsync(consumer, channel.Writer, stop.Token);
        try
        {
            var group = new List<(ulong, JournalBatch)>(batchesPerTransaction);
            while (await channel.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                group.Clear();
                while (group.Count < batchesPerTransaction && channel.Reader.TryRead(out var item))
                {
                    var (sequence, batch) = item;
                    if (sequence > checkpoints.GetValueOrDefault(batch.Partition))
                    {
                        group.Add(item);
                    }
                }

                if (group.Count == 0)
                {
                    continue;
                }

                await OrderProjection.ApplyAsync(connection, group, epoch, stop.Token).ConfigureAwait(false);
                foreach (var (sequence, batch) in group)
                {
                    checkpoints[batch.Partition] = sequence;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await pump.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await DeleteQuietlyAsync(consumer.Info.Name).ConfigureAwait(false);
        }
    }

    /// <summary>Moves journal batches from the consumer to the channel; its end (or failure) completes the channel.</summary>
    private async Task PumpAsync(INatsJSConsumer consumer, ChannelWriter<(ulong, JournalBatch)> writer, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Exception? failure = null;
        try
        {
            await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: new NatsJSConsumeOpts { MaxMsgs = 1_000 }, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var sequence = message.Metadata?.Sequence.Stream ?? throw new InvalidOperationException("Journal message without JetStream metadata.");
                JournalBatch batch;
                try
                {
                    batch = EngineCodec.DeserializeBatch(message.Data ?? []);
                }
                catch (MessagePack.MessagePackSerializationException e)
                {
                    logger.LogError(e, "Journal message {Sequence} is unreadable; the order projection skips it", sequence);
                    continue;
                }

                await writer.WriteAsync((sequence, batch), cancellationToken).ConfigureAwait(false);
            }

            failure = new NatsException("The TB_DECISIONS consumer ended.");
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }

    /// <summary>A connection of its own, never pooled: the lock lives and dies with its session.</summary>
    private async Task<NpgsqlConnection> OpenLockConnectionAsync(CancellationToken cancellationToken)
    {
        await using var template = dataSource.CreateConnection();
        var builder = new NpgsqlConnectionStringBuilder(template.ConnectionString)
        {
            Pooling = false,
            TcpKeepAlive = true,
            TcpKeepAliveTime = 5,
            TcpKeepAliveInterval = 5,
            ApplicationName = "tb-ingress-order-projector",
        };
        builder.Options = string.Create(
            CultureInfo.InvariantCulture,
            $"{builder.Options} -c tcp_keepalives_idle=5 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3").Trim();
        return await template.CloneWithAsync(builder.ConnectionString, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, 0)", connection);
        tryLock.Parameters.AddWithValue(ProjectorLockClass);
        return (bool)(await tryLock.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task DeleteQuietlyAsync(string consumer)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await js.DeleteConsumerAsync(Subjects.DecisionsStream, consumer, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            // The inactive threshold removes it anyway.
        }
    }
}
