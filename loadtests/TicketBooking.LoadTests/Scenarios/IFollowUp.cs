namespace TicketBooking.LoadTests.Scenarios;

/// <summary>
/// Work after an accepted answer, such as polling <c>Location</c> until a final status. The
/// time from the request's scheduled start to a decided outcome is recorded as time-to-decision,
/// apart from the accept latency.
/// </summary>
public interface IFollowUp
{
    /// <summary>One line saying what the follow-up does, for reports.</summary>
    string Description { get; }

    /// <summary>Runs the follow-up of one accepted request. Exceptions count as a <c>follow-up error</c> outcome.</summary>
    Task<FollowUpOutcome> RunAsync(FollowUpContext context, CancellationToken cancellationToken);
}

/// <summary>What a follow-up gets: the client, the accepted answer (body already read), the request's context and the clock.</summary>
public sealed record FollowUpContext(HttpClient Client, HttpResponseMessage Accepted, RequestContext Request, TimeProvider Time);

/// <summary>
/// How a follow-up ended: <paramref name="Label"/> is counted per step (a final status such as
/// <c>confirmed</c>, or <c>deadline</c>); only <paramref name="Decided"/> outcomes record a time-to-decision.
/// </summary>
public readonly record struct FollowUpOutcome(string Label, bool Decided);
