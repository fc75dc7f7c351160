using TicketBooking.Engine.Journal;

namespace TicketBooking.Projections.Statistics;

/// <summary>
/// A journal batch as TB_DECISIONS delivered it: its stream sequence and the time JetStream stored it, the only clock
/// the statistics have (the engine has none), so a rebuild from the same stream buckets sales into the same minutes.
/// </summary>
public readonly record struct TimestampedBatch(ulong StreamSequence, DateTimeOffset JournaledAt, JournalBatch Batch);
