using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Journal;
using TicketBooking.Messaging.Consuming;
using TicketBooking.Notifications;
using TicketBooking.Storage;

namespace TicketBooking.Projections.Notifications;

/// <summary>
/// Turns order outcomes in TB_DECISIONS into stored notifications (and webhook outbox rows), as the
/// <see cref="OrderProjector"/> writes orders: one writer among workers by its own advisory lock
/// (<see cref="AdvisoryLockKey.NotificationProjector"/>), every write through the locked connection, one consumer on
/// <c>tb.out.&gt;</c> from the lowest checkpoint, per-partition checkpoints moved in the transaction of the batches
/// waiting (up to <see cref="NotificationsOptions.BatchesPerTransaction"/>). No linger: a buyer waits for these.
/// </summary>
public sealed class NotificationProjector(
    INatsJSContext js,
    NpgsqlDataSource dataSource,
    NotificationProjectorStatus status,
    IOptions<NotificationsOptions> options,
    ILogger<NotificationProjector> logger,
    ILogger<SchemaMigrator> migratorLogger) : BackgroundService
{
    private static readonly SessionLockOptions LockOptions = new() { ApplicationName = "tb-projections-notification-projector" };

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
                    await new SchemaMigrator(dataSource, NotificationMigrations.Set, migratorLogger).MigrateAsync(stoppingToken).ConfigureAwait(false);
                    migrated = true;
                }

                await using var held = await SessionLock.TryAcquireAsync(dataSource, AdvisoryLockKey.NotificationProjector, LockOptions, stoppingToken).ConfigureAwait(false);
                if (held is not null)
                {
                    logger.LogInformation("This worker writes the notifications");
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
                logger.LogWarning(e, "Projecting notifications failed; trying again");
            }

            await Task.Delay(settings.LockPollInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task ProjectAsync(NpgsqlConnection connection, NotificationsOptions settings, CancellationToken stoppingToken)
    {
        var stream = await js.GetStreamAsync(Subjects.DecisionsStream, cancellationToken: stoppingToken).ConfigureAwait(false);
        var epoch = stream.Info.Created.UtcTicks;
        await NotificationWriter.PrepareAsync(connection, stoppingToken).ConfigureAwait(false);
        var checkpoints = await NotificationWriter.LoadCheckpointsAsync(connection, epoch, logger, stoppingToken).ConfigureAwait(false);
        var pumped = checkpoints.Count == 0 ? 0 : checkpoints.Values.Min();
        var consumer = new RecreatingConsumer(
            js,
            Subjects.DecisionsStream,
            () => EphemeralConsumer.Config("tb-notifier", Subjects.AllDecisions, pumped),
            status.Journal,
            logger);
        status.Role = ProjectorRole.Writing;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var channel = Channel.CreateBounded<(ulong, JournalBatch)>(new BoundedChannelOptions(settings.BatchesPerTransaction * 2) { SingleReader = true, SingleWriter = true });
        var pump = PumpAsync(consumer, channel.Writer, sequence => pumped = sequence, stop.Token);
        try
        {
            var group = new List<(ulong, JournalBatch)>(settings.BatchesPerTransaction);
            while (await channel.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                group.Clear();
                while (group.Count < settings.BatchesPerTransaction && channel.Reader.TryRead(out var item))
                {
                    if (item.Item1 > checkpoints.GetValueOrDefault(item.Item2.Partition))
                    {
                        group.Add(item);
                    }
                }

                if (group.Count == 0)
                {
                    continue;
                }

                var (_, unresolved) = await NotificationWriter.ApplyAsync(connection, group, epoch, stop.Token).ConfigureAwait(false);
                if (unresolved > 0)
                {
                    logger.LogWarning("{Count} order outcomes name orders whose hold the journal no longer holds; nobody is notified of them", unresolved);
                }

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
        }
    }

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
                JournalBatch batch;
                try
                {
                    batch = EngineCodec.DeserializeBatch(message.Data ?? []);
                }
                catch (MessagePack.MessagePackSerializationException e)
                {
                    logger.LogError(e, "Journal message {Sequence} is unreadable; notifications skip it", sequence);
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
