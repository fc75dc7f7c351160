using System.Diagnostics;
using TicketBooking.Engine.Journal;

namespace TicketBooking.Engine.Host.Partitions;

/// <summary>Times each append and counts what was journaled.</summary>
internal sealed class MeasuredJournal(IDecisionJournal inner) : IDecisionJournal
{
    public async ValueTask AppendAsync(JournalBatch batch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await inner.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
        EngineMetrics.JournalLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        EngineMetrics.BatchSize.Record(batch.Decisions.Count);
        EngineMetrics.Decisions.Add(batch.Decisions.Count);
    }
}
