using System.Diagnostics;
using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Journal;
using TicketBooking.Messaging.Consuming;
using TicketBooking.Storage;

namespace TicketBooking.Projections;

/// <summary>
/// The loop every projection of TB_DECISIONS runs. Of all workers only the one holding the projection's PostgreSQL
/// session-level advisory lock writes; the others poll for the lock. Every write goes through the connection that
/// holds the lock, so a writer that lost its session (and with it the lock) cannot write any more. One consumer on
/// <c>tb.out.&gt;</c> starts after the lowest partition checkpoint and skips, per partition, what the checkpoint
/// already covers; the batches waiting (up to <see cref="JournalProjectorSettings.BatchesPerTransaction"/>, after at
/// most <see cref="JournalProjectorSettings.Linger"/>) become one transaction that also moves the checkpoints.
/// </summary>
/// <typeparam name="TItem">A journal batch as the projection's writer takes it.</typeparam>
public abstract class JournalProjector<TItem>(
    INatsJSContext js,
    NpgsqlDataSource dataSource,
    JournalProjectorStatus status,
    JournalProjection projection,
    ILogger logger,
    ILogger<SchemaMigrator> migratorLogger) : BackgroundService
{
    private readonly SessionLockOptions _lockOptions = new() { ApplicationName = projection.ApplicationName };

    protected ILogger Logger => logger;

    /// <summary>Read when the loop starts.</summary>
    protected abstract JournalProjectorSettings Settings { get; }

    protected abstract TItem Item(ulong streamSequence, DateTimeOffset journaledAt, JournalBatch batch);

    protected abstract (ulong StreamSequence, int Partition) PositionOf(TItem item);

    /// <summary>Readies the lock's session (staging tables) before the checkpoints are loaded.</summary>
    protected virtual Task PrepareAsync(NpgsqlConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The checkpoints of the journal <paramref name="journalEpoch"/>, the projection reset if they were of another.</summary>
    protected abstract Task<Dictionary<int, ulong>> LoadCheckpointsAsync(NpgsqlConnection connection, long journalEpoch, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="group"/> (none at or below its partition's checkpoint) and its checkpoints in one transaction.</summary>
    protected abstract Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<TItem> group, long journalEpoch, CancellationToken cancellationToken);

    protected virtual void OnStartWriting(IReadOnlyDictionary<int, ulong> checkpoints, ulong projectedThrough)
    {
    }

    protected virtual void OnJournalSeen(ulong streamSequence, ulong pending)
    {
    }

    /// <summary>After each read of the channel that took anything: the journal is projected through <paramref name="through"/>, <paramref name="applied"/> were written.</summary>
    protected virtual void OnProjected(ulong through, IReadOnlyList<TItem> applied)
    {
    }

    /// <summary>After every attempt, whether it wrote, stood by or failed.</summary>
    protected virtual void OnStopWriting()
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = Settings;
        var migrated = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!migrated)
                {
                    await new SchemaMigrator(dataSource, projection.Migrations, migratorLogger).MigrateAsync(stoppingToken).ConfigureAwait(false);
                    migrated = true;
                }

                await using var held = await SessionLock.TryAcquireAsync(dataSource, projection.LockKey, _lockOptions, stoppingToken).ConfigureAwait(false);
                if (held is not null)
                {
                    logger.LogInformation("This worker writes {Projection}", projection.Name);
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
                logger.LogWarning(e, "Writing {Projection} failed; trying again", projection.Name);
                migrated &= !projection.MigrateAgainAfterFailure;
            }
            finally
            {
                OnStopWriting();
            }

            // Disposing the lock (above) released it, if this worker had it.
            await Task.Delay(settings.LockPollInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task ProjectAsync(NpgsqlConnection connection, JournalProjectorSettings settings, CancellationToken stoppingToken)
    {
        var stream = await js.GetStreamAsync(Subjects.DecisionsStream, cancellationToken: stoppingToken).ConfigureAwait(false);
        var epoch = stream.Info.Created.UtcTicks;
        await PrepareAsync(connection, stoppingToken).ConfigureAwait(false);
        var checkpoints = await LoadCheckpointsAsync(connection, epoch, stoppingToken).ConfigureAwait(false);
        var pumped = checkpoints.Count == 0 ? 0 : checkpoints.Values.Min();
        var consumer = new RecreatingConsumer(
            js,
            Subjects.DecisionsStream,
            () => EphemeralConsumer.Config(projection.ConsumerName, Subjects.AllDecisions, pumped),
            status.Journal,
            logger);
        status.Role = ProjectorRole.Writing;
        OnStartWriting(checkpoints, pumped);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var batchesPerTransaction = settings.BatchesPerTransaction;
        var channel = Channel.CreateBounded<TItem>(new BoundedChannelOptions(Math.Max(16, batchesPerTransaction * 2)) { SingleReader = true, SingleWriter = true });
        var pump = PumpAsync(consumer, channel.Writer, sequence => pumped = sequence, stop.Token);
        try
        {
            var group = new List<TItem>(batchesPerTransaction);
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
                    var (sequence, partition) = PositionOf(item);
                    through = sequence;
                    if (sequence > checkpoints.GetValueOrDefault(partition))
                    {
                        group.Add(item);
                    }
                }

                if (group.Count > 0)
                {
                    await ApplyAsync(connection, group, epoch, stop.Token).ConfigureAwait(false);
                    foreach (var item in group)
                    {
                        var (sequence, partition) = PositionOf(item);
                        checkpoints[partition] = sequence;
                    }
                }

                if (through > 0)
                {
                    OnProjected(through, group);
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
    private static async Task LingerAsync(ChannelReader<TItem> reader, int batches, TimeSpan linger, CancellationToken cancellationToken)
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
    /// (where a consumer lost to a NATS restart starts again); its failure completes the channel. A batch this version
    /// cannot read (a decision kind it does not know) is skipped.
    /// </summary>
    private async Task PumpAsync(RecreatingConsumer consumer, ChannelWriter<TItem> writer, Action<ulong> pumped, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Exception? failure = null;
        try
        {
            await foreach (var message in consumer.ConsumeAsync(cancellationToken).ConfigureAwait(false))
            {
                var metadata = message.Metadata ?? throw new InvalidOperationException("Journal message without JetStream metadata.");
                var sequence = metadata.Sequence.Stream;
                OnJournalSeen(sequence, metadata.NumPending);
                JournalBatch batch;
                try
                {
                    batch = EngineCodec.DeserializeBatch(message.Data ?? []);
                }
                catch (MessagePack.MessagePackSerializationException e)
                {
                    logger.LogError(e, "Journal message {Sequence} is unreadable; {Projection} skips it", sequence, projection.Name);
                    pumped(sequence);
                    continue;
                }

                await writer.WriteAsync(Item(sequence, metadata.Timestamp, batch), cancellationToken).ConfigureAwait(false);
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
