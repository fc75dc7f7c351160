using System.Diagnostics;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;
using Npgsql;
using TicketBooking.Engine.Journal;
using TicketBooking.Projections.Orders;
using TicketBooking.Storage;

namespace TicketBooking.Projections;

/// <summary>
/// Writes the order projection (schema <c>projections</c>) from TB_DECISIONS as a <see cref="JournalProjector{TItem}"/>:
/// only the worker holding <see cref="AdvisoryLockKey.OrderProjector"/> writes, up to
/// <see cref="ProjectionsOptions.BatchesPerTransaction"/> batches per transaction after at most
/// <see cref="ProjectionsOptions.Linger"/>.
/// </summary>
public sealed class OrderProjector(
    INatsJSContext js,
    NpgsqlDataSource dataSource,
    ProjectorStatus status,
    ProjectionMetrics metrics,
    IOptions<ProjectionsOptions> options,
    ILogger<OrderProjector> logger,
    ILogger<SchemaMigrator> migratorLogger)
    : JournalProjector<(ulong StreamSequence, JournalBatch Batch)>(js, dataSource, status, Projection, logger, migratorLogger)
{
    private static readonly JournalProjection Projection = new(
        "the order projection", ProjectionMigrations.Set, AdvisoryLockKey.OrderProjector, "tb-projections-order-projector", "tb-projector");

    private readonly Dictionary<int, ulong> _moved = [];

    protected override JournalProjectorSettings Settings =>
        new(options.Value.BatchesPerTransaction, options.Value.Linger, options.Value.LockPollInterval);

    protected override (ulong StreamSequence, JournalBatch Batch) Item(ulong streamSequence, DateTimeOffset journaledAt, JournalBatch batch) =>
        (streamSequence, batch);

    protected override (ulong StreamSequence, int Partition) PositionOf((ulong StreamSequence, JournalBatch Batch) item) =>
        (item.StreamSequence, item.Batch.Partition);

    protected override Task PrepareAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        OrderProjectionWriter.PrepareAsync(connection, cancellationToken);

    protected override Task<Dictionary<int, ulong>> LoadCheckpointsAsync(NpgsqlConnection connection, long journalEpoch, CancellationToken cancellationToken) =>
        OrderProjectionWriter.LoadCheckpointsAsync(connection, journalEpoch, Logger, cancellationToken);

    protected override async Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<(ulong StreamSequence, JournalBatch Batch)> group, long journalEpoch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var orders = await OrderProjectionWriter.ApplyAsync(connection, group, journalEpoch, cancellationToken).ConfigureAwait(false);
        metrics.TransactionDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        metrics.TransactionBatches.Record(group.Count);
        metrics.TransactionOrders.Record(orders);
    }

    protected override void OnStartWriting(IReadOnlyDictionary<int, ulong> checkpoints, ulong projectedThrough) =>
        metrics.StartWriting(checkpoints, projectedThrough);

    protected override void OnJournalSeen(ulong streamSequence, ulong pending) => metrics.JournalSeen(streamSequence, pending);

    protected override void OnProjected(ulong through, IReadOnlyList<(ulong StreamSequence, JournalBatch Batch)> applied)
    {
        _moved.Clear();
        foreach (var (sequence, batch) in applied)
        {
            _moved[batch.Partition] = sequence;
        }

        metrics.Projected(through, _moved);
    }

    protected override void OnStopWriting() => metrics.StopWriting();
}
