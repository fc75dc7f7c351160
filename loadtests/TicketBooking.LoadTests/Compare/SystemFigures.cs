namespace TicketBooking.LoadTests.Compare;

/// <summary>
/// What one system did in one measurement, reduced to the figures the comparison puts side by side.
/// Latencies in milliseconds; null where the source does not measure them.
/// </summary>
/// <param name="Source">Where the figures come from (wrk or the generator).</param>
/// <param name="AnsweredPerSecond">HTTP answers of any status per second.</param>
/// <param name="SucceededPerSecond">2xx answers per second.</param>
/// <param name="LatencyP50">Median latency of the answers.</param>
/// <param name="LatencyP99">99th percentile latency of the answers.</param>
/// <param name="DecisionP50">Median time until the order was decided (held or rejected).</param>
/// <param name="DecisionP99">99th percentile time until the order was decided.</param>
/// <param name="StatusCodes">Answers per HTTP status.</param>
/// <param name="TransportErrors">Requests without an HTTP answer (timeouts, refused, dropped by the generator).</param>
public sealed record SystemFigures(
    string Source,
    double AnsweredPerSecond,
    double SucceededPerSecond,
    double? LatencyP50,
    double? LatencyP99,
    double? DecisionP50,
    double? DecisionP99,
    IReadOnlyDictionary<string, long> StatusCodes,
    long TransportErrors)
{
    /// <summary>
    /// The same figures for a service whose answer is the decision itself (the conventional one): its
    /// time to decision is its latency.
    /// </summary>
    public SystemFigures AnswerIsDecision() => this with { DecisionP50 = LatencyP50, DecisionP99 = LatencyP99 };
}
