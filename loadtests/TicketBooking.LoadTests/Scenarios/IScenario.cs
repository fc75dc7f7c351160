namespace TicketBooking.LoadTests.Scenarios;

/// <summary>
/// A load-test scenario as code: builds each request from its <see cref="RequestContext"/> and
/// optionally follows an accepted answer (for example polling an order until it is decided).
/// Implementations must be thread-safe: requests are built concurrently.
/// </summary>
public interface IScenario
{
    /// <summary>Short name shown in reports, such as <c>http-get</c>.</summary>
    string Name { get; }

    /// <summary>One line saying what is sent where, for reports.</summary>
    string Description { get; }

    /// <summary>What to do after a successful (2xx) answer; null when the answer is the end of the request.</summary>
    IFollowUp? FollowUp { get; }

    /// <summary>Builds request <paramref name="context"/>.Index.</summary>
    ScenarioRequest CreateRequest(RequestContext context);
}
