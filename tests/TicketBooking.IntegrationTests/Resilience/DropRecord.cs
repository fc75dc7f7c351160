using System.Globalization;
using System.Net;

namespace TicketBooking.IntegrationTests.Resilience;

/// <summary>One purchase of a <see cref="ChaosDrop"/>: when it was sent and answered (since the burst began), and how.</summary>
internal sealed record DropAnswer(TimeSpan Sent, TimeSpan Answered, HttpStatusCode Status, bool HasRetryAfter, long Buyer, Guid? Order)
{
    public bool IsAccepted => Status == HttpStatusCode.Accepted;

    /// <summary>503 with Retry-After: what the ingress answers when it could not get the order into the input log.</summary>
    public bool IsRetryLater => Status == HttpStatusCode.ServiceUnavailable && HasRetryAfter;
}

/// <summary>
/// Something the test broke during the burst: when it broke it, when it began to bring it back (start the process
/// again), and when that was done (the process answered its health check).
/// </summary>
internal sealed record DropOutage(string What, TimeSpan Down, TimeSpan Restarting, TimeSpan Up);

/// <summary>Whether the ingress's readiness endpoint answered 200 at a moment of the burst.</summary>
internal sealed record ReadinessSample(TimeSpan At, bool Ready);

/// <summary>What a <see cref="ChaosDrop"/> burst recorded: every answer, the outages, and the ingress's readiness over time.</summary>
internal sealed record DropRecord(IReadOnlyList<DropAnswer> Answers, IReadOnlyList<DropOutage> Outages, IReadOnlyList<ReadinessSample> Readiness)
{
    public IReadOnlyList<DropAnswer> Accepted => [.. Answers.Where(answer => answer.IsAccepted)];

    public IEnumerable<DropAnswer> AnsweredDuring(DropOutage outage) =>
        Answers.Where(answer => answer.Answered >= outage.Down && answer.Answered <= outage.Up);

    /// <summary>From the outage's start to the first 202 answered to a purchase sent after it began; null when none came.</summary>
    public TimeSpan? RecoveryOf(DropOutage outage) =>
        Answers.Where(answer => answer.IsAccepted && answer.Sent >= outage.Down).Select(answer => (TimeSpan?)(answer.Answered - outage.Down)).Min();

    /// <summary>The 503s answered from the outage's start until its end or the first 202 after it, whichever is later.</summary>
    public int RetryLatersOf(DropOutage outage)
    {
        var recovered = outage.Down + (RecoveryOf(outage) ?? TimeSpan.Zero);
        var until = recovered > outage.Up ? recovered : outage.Up;
        return Answers.Count(answer => answer.Status == HttpStatusCode.ServiceUnavailable && answer.Answered >= outage.Down && answer.Answered <= until);
    }

    public string Summary()
    {
        var answers = string.Join(", ", Answers.GroupBy(answer => (int)answer.Status).OrderBy(group => group.Key).Select(group => $"{group.Key}: {group.Count()}"));
        var outages = string.Join("; ", Outages.Select(outage => string.Create(
            CultureInfo.InvariantCulture,
            $"{outage.What}: down at {outage.Down.TotalSeconds:F2} s, restarting at {outage.Restarting.TotalSeconds:F2} s, up at {outage.Up.TotalSeconds:F2} s; " +
            $"{AnsweredDuring(outage).Count(answer => answer.IsAccepted)} answered 202 meanwhile, the first 202 to a purchase sent after the kill {Seconds(RecoveryOf(outage))} after it, " +
            $"{RetryLatersOf(outage)} answered 503")));
        var unready = string.Join(", ", UnreadyStretches().Select(stretch => string.Create(CultureInfo.InvariantCulture, $"{stretch.From.TotalSeconds:F2}-{stretch.To.TotalSeconds:F2} s")));
        return $"Answers: {answers}. {outages}. The ingress unready: {(unready.Length == 0 ? "never" : unready)}.";
    }

    /// <summary>The stretches of the burst in which the ingress's readiness failed, from the first failed sample to the next good one.</summary>
    private List<(TimeSpan From, TimeSpan To)> UnreadyStretches()
    {
        var stretches = new List<(TimeSpan, TimeSpan)>();
        TimeSpan? unreadySince = null;
        foreach (var sample in Readiness.OrderBy(sample => sample.At))
        {
            if (!sample.Ready)
            {
                unreadySince ??= sample.At;
            }
            else if (unreadySince is { } since)
            {
                stretches.Add((since, sample.At));
                unreadySince = null;
            }
        }

        if (unreadySince is { } stillUnready)
        {
            stretches.Add((stillUnready, Readiness.Max(sample => sample.At)));
        }

        return stretches;
    }

    private static string Seconds(TimeSpan? span) => span is { } known ? string.Create(CultureInfo.InvariantCulture, $"{known.TotalSeconds:F2} s") : "never";
}
