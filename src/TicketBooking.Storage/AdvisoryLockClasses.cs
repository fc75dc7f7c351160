namespace TicketBooking.Storage;

/// <summary>
/// Class ids for PostgreSQL's two-int advisory locks (<c>pg_advisory_lock(classid, objid)</c>).
/// Advisory locks share one namespace per database; a fixed class id per use keeps ours apart
/// from each other and from anyone else's. In <c>pg_locks</c> they show as <c>classid</c> with
/// <c>objsubid = 2</c>.
/// </summary>
public static class AdvisoryLockClasses
{
    /// <summary>Held for the length of one migration run (object id 0), so migrators take turns.</summary>
    public const int SchemaMigration = 0x5442_0001;

    /// <summary>Held by a partition's owner for as long as it lives; the object id is the partition.</summary>
    public const int EnginePartition = 0x5442_0002;
}
