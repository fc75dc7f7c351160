using Microsoft.Extensions.Logging;
using Npgsql;
using TicketBooking.Engine.Pipeline;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Storage;
using TicketBooking.Messaging;
using TicketBooking.Recovery;
using NATS.Client.JetStream;

namespace TicketBooking.Engine.Host.Partitions;

/// <summary>
/// One partition's life in this process: stand by for the lease, recover, run the pipeline fed by the
/// input log, and start over after a failure; stop for good when fenced.
/// </summary>
internal sealed partial class PartitionRunner(
    int partition,
    EngineHostOptions options,
    INatsJSContext js,
    NpgsqlDataSource postgres,
    PartitionRecovery recovery,
    SnapshotWriter snapshotWriter,
    PartitionStatusBoard board,
    ILogger logger)
{
    private PartitionPipeline? _pipeline;

    public int Partition => partition;

    /// <summary>Ring slots holding inputs not yet journaled, while running.</summary>
    public long? RingOccupancy => _pipeline is { } pipeline ? options.RingSize - pipeline.RemainingCapacity : null;

    public async Task RunAsync(CancellationToken stopping)
    {
        if (!options.Prefers(partition))
        {
            // Not ours to take first: its preferred host, starting now too, gets it unless it does not come.
            await Task.Delay(options.OthersDelay, stopping).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        while (!stopping.IsCancellationRequested)
        {
            try
            {
                board.Set(partition, PartitionStatus.Standby);
                await using var lease = options.UseLease
                    ? await PartitionLease.AcquireAsync(postgres, partition, stopping).ConfigureAwait(false)
                    : null;
                using var owned = CancellationTokenSource.CreateLinkedTokenSource(stopping, lease?.Lost ?? CancellationToken.None);
                await RunOwnedAsync(owned.Token, stopping).ConfigureAwait(false);
                if (lease?.Lost.IsCancellationRequested == true && !stopping.IsCancellationRequested)
                {
                    LogLeaseLost(partition);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (JournalFencedException e)
            {
                board.Set(partition, PartitionStatus.Fenced);
                LogFenced(e, partition);
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                board.Set(partition, PartitionStatus.Restarting);
                LogFailed(e, partition, options.RestartDelay);
                await Task.Delay(options.RestartDelay, stopping).ConfigureAwait(false);
            }
        }

        board.Set(partition, PartitionStatus.Stopped);
    }

    private async Task RunOwnedAsync(CancellationToken owned, CancellationToken stopping)
    {
        board.Set(partition, PartitionStatus.Recovering);
        var recovered = await recovery.RecoverAsync(partition, useSnapshot: true, owned).ConfigureAwait(false);
        EngineMetrics.RecoveryDuration.Record(recovered.Duration.TotalMilliseconds);
        EngineMetrics.RecoveryBatches.Add(recovered.ReplayedBatches);
        LogRecovered(partition, recovered.Duration.TotalMilliseconds, recovered.Snapshot?.LastDecisionSequence ?? 0, recovered.ReplayedBatches, recovered.State.LastDecisionSequence, recovered.State.LastInputSequence);

        // A long replay is worth keeping: the next recovery then starts here, even if no input comes.
        var sinceSnapshot = recovered.State.LastDecisionSequence - (recovered.Snapshot?.LastDecisionSequence ?? 0);
        if (sinceSnapshot >= options.SnapshotEveryDecisions)
        {
            snapshotWriter.TryEnqueue(partition, SnapshotCodec.CaptureState(recovered.State), (long)recovered.JournalStreamSequence);
        }

        var journal = new JetStreamDecisionJournal(js, partition, recovered.JournalStreamSequence);
        var snapshots = new SnapshotScheduler(partition, journal, snapshotWriter, options.SnapshotEveryDecisions, options.SnapshotEvery, recovered.State.LastDecisionSequence);
        var availability = new AvailabilityPublisher(js, journal, options.AvailabilityInterval);
        var pipeline = new PartitionPipeline(
            partition,
            recovered.State,
            new MeasuredJournal(journal),
            new PartitionPipelineOptions { RingSize = options.RingSize, MaxBatchDecisions = options.MaxBatchDecisions },
            new CompositeObserver(snapshots, availability));
        _pipeline = pipeline;
        board.Set(partition, PartitionStatus.Running);
        using var stopFeeding = CancellationTokenSource.CreateLinkedTokenSource(owned);
        var feeding = Task.Run(() => FeedAsync(pipeline, recovered.State.LastInputSequence, stopFeeding.Token), CancellationToken.None);
        var ticking = Task.Run(() => TickAsync(pipeline, stopFeeding.Token), CancellationToken.None);
        var publishing = Task.Run(() => availability.RunAsync(stopFeeding.Token), CancellationToken.None);
        try
        {
            await Task.WhenAny(feeding, pipeline.Completion).ConfigureAwait(false);
        }
        finally
        {
            await stopFeeding.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(feeding, ticking, publishing).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            if (!pipeline.Completion.IsCompleted)
            {
                // Stopping: journal what was decided. Lease lost: write nothing more, the next owner redecides.
                await (stopping.IsCancellationRequested || !owned.IsCancellationRequested ? pipeline.ShutdownAsync() : pipeline.HaltAsync())
                    .ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }

            _pipeline = null;
        }

        // The pipeline's own failure (a fenced journal) explains more than the reader's.
        await pipeline.Completion.ConfigureAwait(false);
        try
        {
            await feeding.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (owned.IsCancellationRequested)
        {
        }
    }

    private async Task FeedAsync(PartitionPipeline pipeline, long afterInput, CancellationToken cancellationToken)
    {
        var reader = new InputReader(js, partition, options.PartitionCount, logger);
        await foreach (var input in reader.ReadAsync(afterInput, cancellationToken).ConfigureAwait(false))
        {
            pipeline.Submit(input.Sequence, input.TimestampMs, input.Command);
        }
    }

    /// <summary>Publishes ticks into the partition's own input log while holds wait for payment.</summary>
    private async Task TickAsync(PartitionPipeline pipeline, CancellationToken cancellationToken)
    {
        var publisher = new InputPublisher(js);
        using var timer = new PeriodicTimer(options.TickInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            // A racy read is fine: it only decides whether time needs moving.
            if (pipeline.Engine.State.PendingHolds <= 0)
            {
                continue;
            }

            try
            {
                await publisher.PublishTickAsync(partition, cancellationToken).ConfigureAwait(false);
                EngineMetrics.Ticks.Add(1);
            }
            catch (Exception e) when (e is NATS.Client.Core.NatsException or TimeoutException)
            {
                // The next tick carries the time forward just as well.
                LogTickFailed(e, partition);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Partition {Partition} recovered in {Milliseconds:F0} ms: snapshot at decision {SnapshotDecision}, {Batches} journal batches replayed, now at decision {Decision} and input {Input}")]
    private partial void LogRecovered(int partition, double milliseconds, long snapshotDecision, int batches, long decision, long input);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Partition {Partition} is FENCED: another engine journaled it. It has stopped and will not restart in this process; check which hosts own it")]
    private partial void LogFenced(Exception exception, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {Partition} lost its lease; standing by again")]
    private partial void LogLeaseLost(int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {Partition} could not publish a tick")]
    private partial void LogTickFailed(Exception exception, int partition);

    [LoggerMessage(Level = LogLevel.Error, Message = "Partition {Partition} failed; recovering again in {Delay}")]
    private partial void LogFailed(Exception exception, int partition, TimeSpan delay);
}
