using System.Collections.Concurrent;
using HdrHistogram;

namespace TicketBooking.LoadTests.Running;

/// <summary>
/// What one step measured, recorded from many threads at once: accept latency and
/// time-to-decision histograms (microseconds, 1 us to 60 s, 3 significant digits; longer values are
/// recorded as 60 s), counts per HTTP status, per transport error and per follow-up outcome, late
/// starts and drops. Only requests scheduled after the warm-up are recorded.
/// </summary>
public sealed class StepRecorder
{
    /// <summary>Highest value the histograms track, in microseconds (60 s).</summary>
    public const long HighestTrackableMicroseconds = 60_000_000;

    private readonly long _timestampFrequency;
    private readonly long _lateAfter;
    private readonly long[] _statusCounts = new long[600];
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HistogramBase> _timeToOutcome = new(StringComparer.Ordinal);
    private long _started;
    private long _ok;
    private long _failed;
    private long _dropped;
    private long _late;

    /// <param name="timestampFrequency">Units of recorded durations per second.</param>
    /// <param name="lateAfter">A start lag above this counts as a late start.</param>
    public StepRecorder(long timestampFrequency, TimeSpan lateAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timestampFrequency, 1);
        _timestampFrequency = timestampFrequency;
        _lateAfter = (long)(lateAfter.TotalSeconds * timestampFrequency);
    }

    /// <summary>Latency of successful (2xx) answers from the request's scheduled start, in microseconds.</summary>
    public HistogramBase Latency { get; } = NewHistogram();

    /// <summary>How late requests were sent after their scheduled start, in microseconds (the generator's own lag).</summary>
    public HistogramBase StartLag { get; } = NewHistogram();

    /// <summary>Scheduled start to decided follow-up outcome, in microseconds.</summary>
    public HistogramBase TimeToDecision { get; } = NewHistogram();

    /// <summary>Requests sent.</summary>
    public long Started => Volatile.Read(ref _started);

    /// <summary>Requests answered with a 2xx status.</summary>
    public long Ok => Volatile.Read(ref _ok);

    /// <summary>Requests answered with another status or ended by a transport error.</summary>
    public long Failed => Volatile.Read(ref _failed);

    /// <summary>Requests not sent because the in-flight cap was reached.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Requests that started more than the late threshold after their scheduled time.</summary>
    public long Late => Volatile.Read(ref _late);

    /// <summary>Units of recorded durations per second.</summary>
    public long TimestampFrequency => _timestampFrequency;

    /// <summary>Converts a duration in timestamp units to the histograms' microseconds, clamped to their range.</summary>
    public long ToMicroseconds(long timestampUnits) =>
        Math.Clamp((long)(timestampUnits * (1_000_000.0 / _timestampFrequency)), 0, HighestTrackableMicroseconds);

    /// <summary>A request was sent <paramref name="startLag"/> timestamp units after its scheduled time.</summary>
    public void RecordStart(long startLag)
    {
        Interlocked.Increment(ref _started);
        if (startLag > _lateAfter)
        {
            Interlocked.Increment(ref _late);
        }

        StartLag.RecordValue(ToMicroseconds(startLag));
    }

    /// <summary>A request was due while the in-flight cap was reached.</summary>
    public void RecordDropped() => Interlocked.Increment(ref _dropped);

    /// <summary>A request got an HTTP answer <paramref name="latency"/> timestamp units after its scheduled start.</summary>
    public void RecordAnswer(int statusCode, long latency)
    {
        if (statusCode is >= 100 and < 600)
        {
            Interlocked.Increment(ref _statusCounts[statusCode]);
        }

        if (statusCode is >= 200 and < 300)
        {
            Interlocked.Increment(ref _ok);
            Latency.RecordValue(ToMicroseconds(latency));
        }
        else
        {
            Interlocked.Increment(ref _failed);
        }
    }

    /// <summary>A request got no HTTP answer.</summary>
    public void RecordError(string kind)
    {
        Interlocked.Increment(ref _failed);
        _errors.AddOrUpdate(kind, 1, static (_, count) => count + 1);
    }

    /// <summary>A follow-up ended <paramref name="timeToOutcome"/> timestamp units after the request's scheduled start.</summary>
    public void RecordOutcome(string label, bool decided, long timeToOutcome)
    {
        _outcomes.AddOrUpdate(label, 1, static (_, count) => count + 1);
        if (decided)
        {
            var microseconds = ToMicroseconds(timeToOutcome);
            TimeToDecision.RecordValue(microseconds);
            _timeToOutcome.GetOrAdd(label, static _ => NewHistogram()).RecordValue(microseconds);
        }
    }

    /// <summary>Scheduled start to each decided outcome (time to confirmed, to rejected, ...), by outcome label.</summary>
    public IReadOnlyList<KeyValuePair<string, HistogramBase>> TimeToOutcome() =>
        [.. _timeToOutcome.OrderBy(pair => pair.Key, StringComparer.Ordinal)];

    /// <summary>Answers per HTTP status code, lowest code first.</summary>
    public IReadOnlyList<KeyValuePair<int, long>> StatusCounts()
    {
        var counts = new List<KeyValuePair<int, long>>();
        for (int code = 0; code < _statusCounts.Length; code++)
        {
            long count = Volatile.Read(ref _statusCounts[code]);
            if (count > 0)
            {
                counts.Add(new(code, count));
            }
        }

        return counts;
    }

    /// <summary>Transport errors per kind.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> ErrorCounts() => Sorted(_errors);

    /// <summary>Follow-up outcomes per label.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> OutcomeCounts() => Sorted(_outcomes);

    private static List<KeyValuePair<string, long>> Sorted(ConcurrentDictionary<string, long> counts) =>
        [.. counts.OrderBy(pair => pair.Key, StringComparer.Ordinal)];

    private static LongConcurrentHistogram NewHistogram() => new(1, HighestTrackableMicroseconds, 3);
}
