using Microsoft.Extensions.Options;
using NATS.Client.JetStream;
using Npgsql;
using TicketBooking.Engine.Journal;
using TicketBooking.Notifications;
using TicketBooking.Storage;

namespace TicketBooking.Projections.Notifications;

/// <summary>
/// Turns order outcomes in TB_DECISIONS into stored notifications (and webhook outbox rows) as a
/// <see cref="JournalProjector{TItem}"/>: only the worker holding <see cref="AdvisoryLockKey.NotificationProjector"/>
/// writes, up to <see cref="NotificationsOptions.BatchesPerTransaction"/> batches per transaction. No linger: a
/// buyer waits for these.
/// </summary>
public sealed class NotificationProjector(
    INatsJSContext js,
    NpgsqlDataSource dataSource,
    NotificationProjectorStatus status,
    IOptions<NotificationsOptions> options,
    ILogger<NotificationProjector> logger,
    ILogger<SchemaMigrator> migratorLogger)
    : JournalProjector<(ulong StreamSequence, JournalBatch Batch)>(js, dataSource, status, Projection, logger, migratorLogger)
{
    private static readonly JournalProjection Projection = new(
        "notifications", NotificationMigrations.Set, AdvisoryLockKey.NotificationProjector, "tb-projections-notification-projector", "tb-notifier");

    protected override JournalProjectorSettings Settings =>
        new(options.Value.BatchesPerTransaction, TimeSpan.Zero, options.Value.LockPollInterval);

    protected override (ulong StreamSequence, JournalBatch Batch) Item(ulong streamSequence, DateTimeOffset journaledAt, JournalBatch batch) =>
        (streamSequence, batch);

    protected override (ulong StreamSequence, int Partition) PositionOf((ulong StreamSequence, JournalBatch Batch) item) =>
        (item.StreamSequence, item.Batch.Partition);

    protected override Task PrepareAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        NotificationWriter.PrepareAsync(connection, cancellationToken);

    protected override Task<Dictionary<int, ulong>> LoadCheckpointsAsync(NpgsqlConnection connection, long journalEpoch, CancellationToken cancellationToken) =>
        NotificationWriter.LoadCheckpointsAsync(connection, journalEpoch, Logger, cancellationToken);

    protected override async Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<(ulong StreamSequence, JournalBatch Batch)> group, long journalEpoch, CancellationToken cancellationToken)
    {
        var (_, unresolved) = await NotificationWriter.ApplyAsync(connection, group, journalEpoch, cancellationToken).ConfigureAwait(false);
        if (unresolved > 0)
        {
            Logger.LogWarning("{Count} order outcomes name orders whose hold the journal no longer holds; nobody is notified of them", unresolved);
        }
    }
}
