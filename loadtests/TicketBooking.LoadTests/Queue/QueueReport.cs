using TicketBooking.LoadTests.Reporting;

namespace TicketBooking.LoadTests.Queue;

/// <summary>The figures and checks of one queue run, as queue.json holds them.</summary>
public sealed record QueueReport
{
    public required QueueSettings Settings { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>/proc/loadavg before the joins and after the checks (the machine is shared: the figures beside it).</summary>
    public required string LoadBefore { get; init; }

    public required string LoadAfter { get; init; }

    public required RateSeries Joins { get; init; }

    public required LatencySummary? JoinLatency { get; init; }

    public required IReadOnlyDictionary<string, long> JoinFailures { get; init; }

    public long? Seed { get; init; }

    public int PreQueueSize { get; init; }

    /// <summary>From the visitors' admittedAt.</summary>
    public required RateSeries Admissions { get; init; }

    /// <summary>Long-poll answers that carried a changed standing.</summary>
    public required RateSeries PositionUpdates { get; init; }

    public long LongPollAnswers { get; init; }

    public required IReadOnlyDictionary<string, long> FollowErrors { get; init; }

    public required IReadOnlyDictionary<string, long> Purchases { get; init; }

    public required IReadOnlyDictionary<string, long> PurchaseOutcomes { get; init; }

    public RoomCountsView? Counts { get; init; }

    public required IReadOnlyList<string> Checks { get; init; }

    public bool Passed { get; init; }
}
