namespace TicketBooking.Storage;

/// <summary>
/// Class ids for PostgreSQL's two-int advisory locks (<c>pg_advisory_lock(classid, objid)</c>): every lock
/// TicketBooking takes is declared here, with its object id in <see cref="AdvisoryLockKey"/>. Advisory locks
/// share one namespace per database; a fixed class id per use keeps ours apart from each other and from
/// anyone else's. In <c>pg_locks</c> they show as <c>classid</c> with <c>objsubid = 2</c>.
/// </summary>
public static class AdvisoryLockClasses
{
    /// <summary>Held for the length of one migration run (object id 0), so migrators take turns.</summary>
    public const int SchemaMigration = 0x5442_0001;

    /// <summary>Held by a partition's owner for as long as it lives; the object id is the partition.</summary>
    public const int EnginePartition = 0x5442_0002;

    /// <summary>
    /// Held by the one projections worker that writes the order projection (object id 0). The ingress took the
    /// same lock when it projected itself, so during an upgrade an old ingress and a worker never write at once.
    /// </summary>
    public const int OrderProjector = 0x5442_0003;

    /// <summary>Held by the one projections worker that writes the notifications (object id 0).</summary>
    public const int NotificationProjector = 0x5442_0004;

    /// <summary>
    /// Held by the one projections worker that writes the organizer statistics (object id 0). Apart from
    /// <see cref="OrderProjector"/>, so each projection has its own single writer and may fail over on its own.
    /// </summary>
    public const int StatisticsProjector = 0x5442_0005;

    /// <summary>
    /// Held by the one ingress instance that runs the waiting rooms' admitter (object id 0): the single writer of the
    /// shuffle, positions and admissions, writing through the lock's connection.
    /// </summary>
    public const int WaitingRoomAdmitter = 0x5442_0006;
}
