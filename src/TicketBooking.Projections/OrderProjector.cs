using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Journal;
using TicketBooking.Messaging.Consuming;
using TicketBooking.Projections.Orders;
using TicketBooking.Storage;

namespace TicketBooking.Projections;

/// <summary>
/// Writes the order projection from TB_DECISIONS. Of all workers only the one holding a PostgreSQL
/// session-level advisory lock (<see cref="AdvisoryLockKey.OrderProjector"/>) writes; the others poll for the lock. Every write goes through the connection
/// that holds the lock, so a writer that lost its session (and with it the lock) cannot write any more. One
/// consumer on <c>tb.out.&gt;</c> starts after the lowest partition checkpoint and skips, per partition, what
/// the checkpoint already covers; the batches waiting (up to <see cref="ProjectionsOptions.BatchesPerTransaction"/>,
/// after at most <see cref="ProjectionsOptions.Linger"/>) become one transaction that also moves the checkpoints.
/// </summary>
public sealed class OrderProjector(
    INatsJSContext js,
    NpgsqlDataSource dataSource,
    ProjectorStatus status,
    ProjectionMetrics metrics,
    IOptions<ProjectionsOptions> options,
    ILogger<OrderProjector> logger,
    ILogger<SchemaMigrator> migratorLogger) : BackgroundService
{
    private static readonly SessionLockOptions LockOptions = new() { ApplicationName = "tb-projections-order-projector" };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var migrated = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!migrated)
                {
                    await new SchemaMigrator(dataSource, ProjectionMigrations.Set, migratorLogger).MigrateAsync(stoppingToken).ConfigureAwait(false);
                    migrated = true;
                }

                await using var held = await SessionLock.TryAcquireAsync(dataSource, AdvisoryLockKey.OrderProjector, LockOptions, stoppingToken).ConfigureAwait(false);
                if (held is not null)
                {
                    logger.LogInformation("This worker writes the order projection");
                    await ProjectAsync(held.Connection, settings, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    status.Role = ProjectorRole.StandingBy;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or NatsException or TimeoutException or OperationCanceledException or ChannelClosedException or InvalidOperationException)
            {
                status.Role = ProjectorRole.Unavailable;
                logger.LogWarning(e, "Projecting orders failed; trying again");
            }
            finally
            {
                metrics.StopWriting();
            }

            // Disposing the lock (above) released it, if this worker had it.
            await Task.Delay(settings.LockPollInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task ProjectAsync(NpgsqlConnection connection, ProjectionsOptions settings, CancellationToken stoppingToken)
    {
        var stream = await js.GetStreamAsync(Subjects.DecisionsStream, cancellationToken: stoppingToken).ConfigureAwait(false);
        var epoch = stream.Info.Created.UtcTicks;
        await OrderProjectionWriter.PrepareAsync(connection, stoppingToken).ConfigureAwait(false);
        var checkpoints = await OrderProjectionWriter.LoadCheckpointsAsync(connection, epoch, logger, stoppingToken).ConfigureAwait(false);
        var start = checkpoints.Count == 0 ? 1 : checkpoints.Values.Min() + 1;

        var pumped = start - 1;
        var consumer = new RecreatingConsumer(
            js,
            Subjects.DecisionsStream,
            () => EphemeralConsumer.Config("tb-projector", Subjects.AllDecisions, pumped),
            status.Journal,
            logger);
        status.Role = ProjectorRole.Writing;
        metrics.StartWriting(checkpoints, start - 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var batchesPerTransaction = settings.BatchesPerTransaction;
        var channel = Channel.CreateBounded<(ulong, JournalBatch)>(new BoundedChannelOptions(Math.Max(16, batchesPerTransaction * 2)) { SingleReader = true, SingleWriter = true });
        var pump = PumpAsync(consumer, channel.Writer, sequence => pumped = sequence, stop.Token);
        try
        {
            var group = new List<(ulong, JournalBatch)>(batchesPerTransaction);
            var moved = new Dictionary<int, ulong>();
            while (await channel.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                if (settings.Linger > TimeSpan.Zero)
                {
                    await LingerAsync(channel.Reader, batchesPerTransaction, settings.Linger, stop.Token).ConfigureAwait(false);
                }

                group.Clear();
                var through = 0UL;
                while (group.Count < batchesPerTransaction && channel.Reader.TryRead(out var item))
                {
                    var (sequence, batch) = item;
                    through = sequence;
                    if (sequence > checkpoints.GetValueOrDefault(batch.Partition))
                    {
                        group.Add(item);
                    }
                }

                if (group.Count > 0)
                {
                    var started = Stopwatch.GetTimestamp();
                    var orders = await OrderProjectionWriter.ApplyAsync(connection, group, epoch, stop.Token).ConfigureAwait(false);
                    metrics.TransactionDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                    metrics.TransactionBatches.Record(group.Count);
                    metrics.TransactionOrders.Record(orders);
                    moved.Clear();
                    foreach (var (sequence, batch) in group)
                    {
                        checkpoints[batch.Partition] = sequence;
                        moved[batch.Partition] = sequence;
                    }

                    metrics.Projected(through, moved);
                }
                else if (through > 0)
                {
                    metrics.Projected(through, []);
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
        }
    }

    /// <summary>Waits, at most <paramref name="linger"/>, until <paramref name="batches"/> are waiting (or the channel ends).</summary>
    private static async Task LingerAsync(ChannelReader<(ulong, JournalBatch)> reader, int batches, TimeSpan linger, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(linger.TotalSeconds * Stopwatch.Frequency);
        while (reader.Count < batches)
        {
            var left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                return;
            }

            // A short nap rather than a wake-up per batch: the point is to let batches accumulate.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1, left * 1_000.0 / Stopwatch.Frequency)), cancellationToken).ConfigureAwait(false);
            if (reader.Completion.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Moves journal batches from the consumer to the channel, reporting each one's sequence to <paramref name="pumped"/>
    /// (where a consumer lost to a NATS restart starts again); its failure completes the channel.
    /// </summary>
    private async Task PumpAsync(RecreatingConsumer consumer, ChannelWriter<(ulong, JournalBatch)> writer, Action<ulong> pumped, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Exception? failure = null;
        try
        {
            await foreach (var message in consumer.ConsumeAsync(cancellationToken).ConfigureAwait(false))
            {
                var metadata = message.Metadata ?? throw new InvalidOperationException("Journal message without JetStream metadata.");
                var sequence = metadata.Sequence.Stream;
                metrics.JournalSeen(sequence, metadata.NumPending);
                JournalBatch batch;
                try
                {
                    batch = EngineCodec.DeserializeBatch(message.Data ?? []);
                }
                catch (MessagePack.MessagePackSerializationException e)
                {
                    logger.LogError(e, "Journal message {Sequence} is unreadable; the order projection skips it", sequence);
                    pumped(sequence);
                    continue;
                }

                await writer.WriteAsync((sequence, batch), cancellationToken).ConfigureAwait(false);
                pumped(sequence);
            }
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
}
