using TicketBooking.Storage;

namespace TicketBooking.Projections;

/// <summary>What tells one <see cref="JournalProjector{TItem}"/> from the others.</summary>
/// <param name="Name">The projection as the logs name it (“the order projection”).</param>
/// <param name="Migrations">Its schema, migrated before the first lock attempt.</param>
/// <param name="LockKey">The advisory lock that makes one worker its only writer.</param>
/// <param name="ApplicationName">The <c>application_name</c> of the lock's session.</param>
/// <param name="ConsumerName">The prefix of its ephemeral consumer on TB_DECISIONS.</param>
/// <param name="MigrateAgainAfterFailure">Whether a failure migrates again (the schema may have been dropped to rebuild it).</param>
public sealed record JournalProjection(
    string Name,
    MigrationSet Migrations,
    AdvisoryLockKey LockKey,
    string ApplicationName,
    string ConsumerName,
    bool MigrateAgainAfterFailure = false);

/// <summary>How a <see cref="JournalProjector{TItem}"/> groups batches into transactions and how often it retries.</summary>
/// <param name="Linger">How long a group that could take more batches waits for them; zero commits what waits at once.</param>
public sealed record JournalProjectorSettings(int BatchesPerTransaction, TimeSpan Linger, TimeSpan LockPollInterval);
