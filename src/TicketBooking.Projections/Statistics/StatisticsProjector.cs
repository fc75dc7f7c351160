using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Messaging.Consuming;
using TicketBooking.Storage;

namespace TicketBooking.Projections.Statistics;

/// <summary>
/// Writes the organizer statistics (schema <c>statistics</c>) from TB_DECISIONS, as <see cref="OrderProjector"/> writes
/// the order projection: only the worker holding <see cref="AdvisoryLockKey.StatisticsProjector"/> writes, through the
/// connection that holds it; one consumer on <c>tb.out.&gt;</c> after the lowest partition checkpoint, skipping per
/// partition what its checkpoint covers; up to <see cref="ProjectionsOptions.BatchesPerTransaction"/> waiting batches
/// become one transaction that also moves the checkpoints. Each batch comes with its JetStream timestamp, which
/// buckets the sales per minute.
/// </summary>
public sealed class StatisticsProjector(
    INatsJSContext js,
    NpgsqlDataSource dataSource,
    StatisticsProjectorStatus status,
    StatisticsMetrics metrics,
    IOptions<ProjectionsOptions> options,
    ILogger<StatisticsProjector> logger,
    ILogger<SchemaMigrator> migratorLogger) : BackgroundService
{
    private static readonly SessionLockOptions LockOptions = new() { ApplicationName = "tb-projections-statistics-projector" };

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
                    await new SchemaMigrator(dataSource, StatisticsMigrations.Set, migratorLogger).MigrateAsync(stoppingToken).ConfigureAwait(false);
                    migrated = true;
                }

                await using var held = await SessionLock.TryAcquireAsync(dataSource, AdvisoryLockKey.StatisticsProjector, LockOptions, stoppingToken).ConfigureAwait(false);
                if (held is not null)
                {
                    logger.LogInformation("This worker writes the statistics");
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
                logger.LogWarning(e, "Writing the statistics failed; trying again");
                // The schema may have been dropped to rebuild the statistics: migrate it again.
                migrated = false;
            }
            finally
            {
                metrics.StopWriting();
            }

            await Task.Delay(settings.LockPollInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task ProjectAsync(NpgsqlConnection connection, ProjectionsOptions settings, CancellationToken stoppingToken)
    {
        var stream = await js.GetStreamAsync(Subjects.DecisionsStream, cancellationToken: stoppingToken).ConfigureAwait(false);
        var epoch = stream.Info.Created.UtcTicks;
        var checkpoints = await StatisticsWriter.LoadCheckpointsAsync(connection, epoch, logger, stoppingToken).ConfigureAwait(false);
        var start = checkpoints.Count == 0 ? 1 : checkpoints.Values.Min() + 1;

        var pumped = start - 1;
        var consumer = new RecreatingConsumer(
            js,
            Subjects.DecisionsStream,
            () => EphemeralConsumer.Config("tb-statistics", Subjects.AllDecisions, pumped),
            status.Journal,
            logger);
        status.Role = ProjectorRole.Writing;
        metrics.StartWriting(start - 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var batchesPerTransaction = settings.BatchesPerTransaction;
        var channel = Channel.CreateBounded<TimestampedBatch>(new BoundedChannelOptions(Math.Max(16, batchesPerTransaction * 2)) { SingleReader = true, SingleWriter = true });
        var pump = PumpAsync(consumer, channel.Writer, sequence => pumped = sequence, stop.Token);
        try
        {
            var group = new List<TimestampedBatch>(batchesPerTransaction);
            while (await channel.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                if (settings.Linger > TimeSpan.Zero && channel.Reader.Count < batchesPerTransaction)
                {
                    // Fewer commits under steady load, as the order projector's linger (ProjectionsOptions.Linger).
                    await Task.Delay(settings.Linger, stop.Token).ConfigureAwait(false);
                }

                group.Clear();
                var through = 0UL;
                while (group.Count < batchesPerTransaction && channel.Reader.TryRead(out var item))
                {
                    through = item.StreamSequence;
                    if (item.StreamSequence > checkpoints.GetValueOrDefault(item.Batch.Partition))
                    {
                        group.Add(item);
                    }
                }

                if (group.Count > 0)
                {
                    var started = Stopwatch.GetTimestamp();
                    await StatisticsWriter.ApplyAsync(connection, group, epoch, stop.Token).ConfigureAwait(false);
                    metrics.TransactionDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                    foreach (var item in group)
                    {
                        checkpoints[item.Batch.Partition] = item.StreamSequence;
                    }
                }

                if (through > 0)
                {
                    metrics.Projected(through);
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

    /// <summary>
    /// Moves journal batches from the consumer to the channel with their JetStream timestamps, reporting each one's
    /// sequence to <paramref name="pumped"/> (where a consumer lost to a NATS restart starts again). A batch this
    /// version cannot read (a decision kind it does not know) is skipped, as the order projector skips it.
    /// </summary>
    private async Task PumpAsync(RecreatingConsumer consumer, ChannelWriter<TimestampedBatch> writer, Action<ulong> pumped, CancellationToken cancellationToken)
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
                try
                {
                    var batch = EngineCodec.DeserializeBatch(message.Data ?? []);
                    await writer.WriteAsync(new TimestampedBatch(sequence, metadata.Timestamp, batch), cancellationToken).ConfigureAwait(false);
                }
                catch (MessagePack.MessagePackSerializationException e)
                {
                    logger.LogError(e, "Journal message {Sequence} is unreadable; the statistics skip it", sequence);
                }

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
