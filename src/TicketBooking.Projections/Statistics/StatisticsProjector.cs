using System.Diagnostics;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;
using Npgsql;
using TicketBooking.Engine.Journal;
using TicketBooking.Storage;

namespace TicketBooking.Projections.Statistics;

/// <summary>
/// Writes the organizer statistics (schema <c>statistics</c>) from TB_DECISIONS as a <see cref="JournalProjector{TItem}"/>:
/// only the worker holding <see cref="AdvisoryLockKey.StatisticsProjector"/> writes. Each batch comes with its
/// JetStream timestamp, which buckets the sales per minute.
/// </summary>
public sealed class StatisticsProjector(
    INatsJSContext js,
    NpgsqlDataSource dataSource,
    StatisticsProjectorStatus status,
    StatisticsMetrics metrics,
    IOptions<ProjectionsOptions> options,
    ILogger<StatisticsProjector> logger,
    ILogger<SchemaMigrator> migratorLogger)
    : JournalProjector<TimestampedBatch>(js, dataSource, status, Projection, logger, migratorLogger)
{
    // The schema may have been dropped to rebuild the statistics: a failure migrates it again.
    private static readonly JournalProjection Projection = new(
        "the statistics", StatisticsMigrations.Set, AdvisoryLockKey.StatisticsProjector, "tb-projections-statistics-projector", "tb-statistics", MigrateAgainAfterFailure: true);

    protected override JournalProjectorSettings Settings =>
        new(options.Value.BatchesPerTransaction, options.Value.Linger, options.Value.LockPollInterval);

    protected override TimestampedBatch Item(ulong streamSequence, DateTimeOffset journaledAt, JournalBatch batch) =>
        new(streamSequence, journaledAt, batch);

    protected override (ulong StreamSequence, int Partition) PositionOf(TimestampedBatch item) =>
        (item.StreamSequence, item.Batch.Partition);

    protected override Task<Dictionary<int, ulong>> LoadCheckpointsAsync(NpgsqlConnection connection, long journalEpoch, CancellationToken cancellationToken) =>
        StatisticsWriter.LoadCheckpointsAsync(connection, journalEpoch, Logger, cancellationToken);

    protected override async Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<TimestampedBatch> group, long journalEpoch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await StatisticsWriter.ApplyAsync(connection, group, journalEpoch, cancellationToken).ConfigureAwait(false);
        metrics.TransactionDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    protected override void OnStartWriting(IReadOnlyDictionary<int, ulong> checkpoints, ulong projectedThrough) =>
        metrics.StartWriting(projectedThrough);

    protected override void OnJournalSeen(ulong streamSequence, ulong pending) => metrics.JournalSeen(streamSequence, pending);

    protected override void OnProjected(ulong through, IReadOnlyList<TimestampedBatch> applied) => metrics.Projected(through);

    protected override void OnStopWriting() => metrics.StopWriting();
}
