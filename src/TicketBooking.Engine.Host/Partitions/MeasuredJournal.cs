using System.Diagnostics;
using TicketBooking.Engine.Journal;

namespace TicketBooking.Engine.Host.Partitions;

/// <summary>Times each append, counts what was journaled, and traces it when traces are exported.</summary>
internal sealed class MeasuredJournal(IDecisionJournal inner) : IDecisionJournal
{
    public async ValueTask AppendAsync(JournalBatch batch, CancellationToken cancellationToken)
    {
        using var activity = EngineActivities.Source.StartActivity("tb.engine.journal.append");
        if (activity is not null)
        {
            activity.SetTag("tb.partition", batch.Partition);
            activity.SetTag("tb.decisions", batch.Decisions.Count);
        }

        var started = Stopwatch.GetTimestamp();
        await inner.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
        EngineMetrics.JournalLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        EngineMetrics.BatchSize.Record(batch.Decisions.Count);
        EngineMetrics.Decisions.Add(batch.Decisions.Count);
    }
}
