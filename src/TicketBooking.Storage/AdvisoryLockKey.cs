using System.Globalization;

namespace TicketBooking.Storage;

/// <summary>One PostgreSQL advisory lock: a class id of <see cref="AdvisoryLockClasses"/> and an object id.</summary>
public readonly record struct AdvisoryLockKey(int ClassId, int ObjectId)
{
    public static AdvisoryLockKey SchemaMigration { get; } = new(AdvisoryLockClasses.SchemaMigration, 0);

    public static AdvisoryLockKey OrderProjector { get; } = new(AdvisoryLockClasses.OrderProjector, 0);

    public static AdvisoryLockKey StatisticsProjector { get; } = new(AdvisoryLockClasses.StatisticsProjector, 0);
    public static AdvisoryLockKey NotificationProjector { get; } = new(AdvisoryLockClasses.NotificationProjector, 0);

    public static AdvisoryLockKey EnginePartition(int partition) => new(AdvisoryLockClasses.EnginePartition, partition);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"(0x{ClassId:x8}, {ObjectId})");
}
