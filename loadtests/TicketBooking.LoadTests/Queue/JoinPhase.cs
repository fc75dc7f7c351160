using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HdrHistogram;
using TicketBooking.LoadTests.Reporting;
using TicketBooking.LoadTests.Running;

namespace TicketBooking.LoadTests.Queue;

/// <summary>What the joins before the start did: who is in, how fast, and what failed.</summary>
/// <param name="Joined">Visitors whose join was answered 201 or 200.</param>
/// <param name="Failures">Failed answers and transport errors by name (a failed join is tried again, up to three times).</param>
/// <param name="Rate">Joins completed per second.</param>
/// <param name="Latency">Latency of the successful join calls.</param>
public sealed record JoinResult(IReadOnlyCollection<long> Joined, IReadOnlyDictionary<string, long> Failures, RateSeries Rate, LatencySummary? Latency);

/// <summary>Visitors join the room concurrently (a closed loop of <see cref="QueueSettings.JoinConcurrency"/> workers).</summary>
internal sealed class JoinPhase(QueueClient client, TimeProvider time)
{
    private const int Attempts = 3;

    /// <summary>Joins every id of <paramref name="visitors"/>.</summary>
    public async Task<JoinResult> RunAsync(IReadOnlyList<long> visitors, int concurrency, CancellationToken cancellationToken)
    {
        var joined = new ConcurrentBag<long>();
        var completed = new ConcurrentBag<DateTimeOffset>();
        var failures = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var latency = new LongConcurrentHistogram(1, 60_000_000, 3);
        await Parallel.ForEachAsync(
            visitors,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (visitor, token) =>
            {
                for (var attempt = 1; attempt <= Attempts; attempt++)
                {
                    var started = Stopwatch.GetTimestamp();
                    string failure;
                    try
                    {
                        var status = await client.JoinAsync(visitor, token).ConfigureAwait(false);
                        if (status is HttpStatusCode.Created or HttpStatusCode.OK)
                        {
                            latency.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds));
                            completed.Add(time.GetUtcNow());
                            joined.Add(visitor);
                            return;
                        }

                        failure = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                    catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
                    {
                        failure = TransportErrors.Classify(error, stepCancelled: false);
                    }

                    failures.AddOrUpdate(failure, 1, (_, count) => count + 1);
                }
            }).ConfigureAwait(false);
        return new JoinResult([.. joined], failures, RateSeries.Of(completed), LatencySummary.FromMicroseconds(latency));
    }
}
